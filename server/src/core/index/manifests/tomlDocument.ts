import { parse, TomlError } from 'smol-toml';
import type { Parsed } from '../../model/dependency';
import { lineRange } from '../../model/location';

/** A TOML table as smol-toml returns it: plain objects, arrays, strings, numbers, booleans and dates. */
export type TomlTable = { [key: string]: unknown };

/**
 * Parses a TOML document with smol-toml. Never throws: a syntax error becomes one problem on the line smol-toml
 * names, and there is no value (TOML has no partial parse).
 */
export function parseTomlDocument(text: string, path: string): Parsed<TomlTable> {
  try {
    return { value: parse(text) as TomlTable, problems: [] };
  } catch (error) {
    if (error instanceof TomlError) {
      const tomlError = error as { message: string; line: number; column: number };
      // The message carries a code excerpt after the first line; the range already points there.
      const message = tomlError.message.split('\n')[0] ?? 'Invalid TOML';
      return { problems: [{ path, message, range: lineRange(Math.max(0, tomlError.line - 1), Math.max(0, tomlError.column - 1)) }] };
    }
    return { problems: [{ path, message: `Invalid TOML: ${String(error)}` }] };
  }
}

/** The table at a key path, or undefined when any step is missing or not a table. */
export function tomlTableAt(root: TomlTable, path: readonly string[]): TomlTable | undefined {
  let node: unknown = root;
  for (const key of path) {
    if (!isTomlTable(node)) {
      return undefined;
    }
    node = node[key];
  }
  return isTomlTable(node) ? node : undefined;
}

/** Whether a TOML value is a table (not an array or a date). */
export function isTomlTable(value: unknown): value is TomlTable {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** A string value, or undefined for anything else. */
export function tomlString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The strings of an array value; other elements and non-arrays are dropped. */
export function tomlStrings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}
