import { Language, Parser } from 'web-tree-sitter';
import { grammarWasm, type GrammarName, type TreeSitterHost } from '../host/treeSitterHost';
import { wasmLocator } from '../host/wasmLocator';

// Replays random edits on open documents, for the tests that check incremental indexing against a fresh index.

/** A small seeded PRNG (mulberry32), so a failure replays the same edits. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * One random edit: insert a snippet anywhere or at a line start (where statements begin), delete a short run,
 * delete a whole line, or paste a slice of the text.
 */
export function randomEdit(text: string, random: () => number, insertions: readonly string[]): string {
  let at = Math.floor(random() * (text.length + 1));
  const kind = random();
  if (kind < 0.15) {
    at = text.lastIndexOf('\n', at - 1) + 1;
  }
  if (kind < 0.45) {
    return text.slice(0, at) + insertions[Math.floor(random() * insertions.length)]! + text.slice(at);
  }
  if (kind < 0.7) {
    return text.slice(0, at) + text.slice(at + 1 + Math.floor(random() * 12));
  }
  if (kind < 0.85) {
    const lineStart = text.lastIndexOf('\n', at - 1) + 1;
    const lineEnd = text.indexOf('\n', at);
    return text.slice(0, lineStart) + (lineEnd === -1 ? '' : text.slice(lineEnd + 1));
  }
  const from = Math.floor(random() * text.length);
  return text.slice(0, at) + text.slice(from, from + Math.floor(random() * 200)) + text.slice(at);
}

/**
 * Whether the tree kept for an open document is the tree a fresh parse gives. Tree-sitter's error recovery depends on
 * the parse history, so inside broken code an incremental tree may group the ERROR nodes differently.
 */
export async function isKeptTreeFresh(host: TreeSitterHost, path: string, grammar: GrammarName, text: string): Promise<boolean> {
  freshParser ??= new Parser();
  let language = languages.get(grammar);
  if (!language) {
    language = Language.load(wasmLocator(__dirname)(grammarWasm[grammar]));
    languages.set(grammar, language);
  }
  freshParser.setLanguage(await language);
  const fresh = freshParser.parse(text)!;
  try {
    return await host.withOpenDocument(path, grammar, text, (kept) => kept.changed.length === 0 && kept.root.toString() === fresh.rootNode.toString());
  } finally {
    fresh.delete();
  }
}

const languages = new Map<string, Promise<Language>>();
let freshParser: Parser | undefined;

