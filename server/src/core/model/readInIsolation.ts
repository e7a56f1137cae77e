import type { Parsed, ParseProblem } from './dependency';

/** What reading one file gave: its value, or the one problem that stopped the reader. */
export type Isolated<T> = { value: T } | { problem: ParseProblem };

/**
 * Runs the reader of one file so that nothing it throws escapes: a stack overflow (a recursive parser meeting a
 * deeply nested file), a library's resource limit (YAML alias bombs) or a bug in a reader becomes one problem for
 * that file, and the rest of the workspace is still analysed. Every place that parses workspace files goes through
 * this (or {@link readInIsolationAsync}).
 */
export function readInIsolation<T>(path: string, read: () => T): Isolated<T> {
  try {
    return { value: read() };
  } catch (error) {
    return { problem: unreadableFile(path, error) };
  }
}

/** {@link readInIsolation} for readers that answer later (indexers, worker threads). */
export async function readInIsolationAsync<T>(path: string, read: () => Promise<T>): Promise<Isolated<T>> {
  try {
    return { value: await read() };
  } catch (error) {
    return { problem: unreadableFile(path, error) };
  }
}

/** A parser's result, or the problem that stopped it as its only problem. */
export function parsedInIsolation<T>(path: string, parse: () => Parsed<T>): Parsed<T> {
  const read = readInIsolation(path, parse);
  return 'value' in read ? read.value : { problems: [read.problem] };
}

/**
 * The problem of a file whose reader threw. Only the first line of the message is kept: parser messages may quote
 * the file, which may hold secrets. Worker threads pass errors on as text, hence the match on the message too.
 */
export function unreadableFile(path: string, error: unknown): ParseProblem {
  const message = error instanceof Error ? error.message : String(error);
  if (/Maximum call stack size exceeded/.test(message)) {
    return { path, message: 'Not read: nested too deeply for the parser (it ran out of stack); is it generated or hostile?' };
  }
  return { path, message: `Cannot read: ${message.split('\n')[0]}` };
}
