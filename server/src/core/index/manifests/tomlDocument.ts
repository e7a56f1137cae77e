import { getStaticTOMLValue, ParseError, parseTOML, type AST } from 'toml-eslint-parser';
import type { Parsed } from '../../model/dependency';
import { LineIndex, lineRange, type Range } from '../../model/location';

/** A TOML table as plain objects, arrays, strings, numbers, booleans and dates. */
export type TomlTable = { [key: string]: unknown };

/** A step of a key path: a key, or the index of an element of an array (of tables). */
export type TomlPathSegment = string | number;

/** A string literal of a TOML value, decoded, with the range of the literal including its quotes. */
export interface TomlStringLocation {
  value: string;
  range: Range;
}

/**
 * A TOML document read in one parse (toml-eslint-parser): its value, and where each key, table header and string is
 * written. Key paths are decoded (`"Py.Yaml"` is one key) and name array elements by index: the second
 * `[[package]]`'s name is `['package', 1, 'name']`.
 */
export class TomlDocument {
  private readonly lines: LineIndex;
  /** `key = value` pairs (also inside inline tables and arrays of them), from the key to the end of the value. */
  private readonly entries = new Map<string, AST.TOMLKeyValue>();
  /** `[table]` and `[[array.of.tables]]` headers, from `[` to `]`. */
  private readonly headers = new Map<string, Range>();

  /** The document's value. */
  readonly root: TomlTable;

  /** Indexes a parsed document; {@link parseTomlDocument} is the way in. */
  constructor(
    private readonly text: string,
    program: AST.TOMLProgram,
  ) {
    this.root = getStaticTOMLValue(program) as TomlTable;
    this.lines = new LineIndex(text);
    for (const node of program.body[0].body) {
      if (node.type === 'TOMLTable') {
        const base = node.resolvedKey;
        const closing = text.indexOf(']', node.key.range[1]);
        const end = closing < 0 ? node.key.range[1] : closing + (node.kind === 'array' ? 2 : 1);
        this.headers.set(pathKey(base), this.rangeOfOffsets(node.range[0], end));
        node.body.forEach((entry) => this.addEntry(base, entry));
      } else {
        this.addEntry([], node);
      }
    }
  }

  /**
   * The range to report for a key path: its own `key = value`, else the one of the nearest ancestor key, else the
   * header of the nearest enclosing table; undefined when nothing on the path is written.
   */
  rangeOf(path: readonly TomlPathSegment[]): Range | undefined {
    for (let length = path.length; length > 0; length--) {
      const key = pathKey(path.slice(0, length));
      const entry = this.entries.get(key);
      if (entry) {
        return this.rangeOfOffsets(entry.range[0], entry.range[1]);
      }
      const header = this.headers.get(key);
      if (header) {
        return header;
      }
    }
    return undefined;
  }

  /** The string elements of the array written at a key path, in document order; other elements are skipped. */
  stringsAt(path: readonly TomlPathSegment[]): TomlStringLocation[] {
    const value = this.entries.get(pathKey(path))?.value;
    if (value?.type !== 'TOMLArray') {
      return [];
    }
    return value.elements.flatMap((element) =>
      element.type === 'TOMLValue' && element.kind === 'string' ? [{ value: element.value, range: this.rangeOfOffsets(element.range[0], element.range[1]) }] : [],
    );
  }

  private addEntry(base: readonly TomlPathSegment[], entry: AST.TOMLKeyValue): void {
    const path = [...base, ...entry.key.keys.map((key) => (key.type === 'TOMLBare' ? key.name : key.value))];
    this.entries.set(pathKey(path), entry);
    this.addNested(path, entry.value);
  }

  /** Inline tables and arrays of them (Poetry's `flask = [{ version = "…", python = "…" }, …]`) have keys too. */
  private addNested(path: readonly TomlPathSegment[], value: AST.TOMLContentNode): void {
    if (value.type === 'TOMLInlineTable') {
      value.body.forEach((entry) => this.addEntry(path, entry));
    } else if (value.type === 'TOMLArray') {
      value.elements.forEach((element, index) => this.addNested([...path, index], element));
    }
  }

  private rangeOfOffsets(start: number, end: number): Range {
    return { start: this.lines.positionAt(start), end: this.lines.positionAt(Math.min(end, this.text.length)) };
  }
}

/**
 * Parses a TOML document (TOML 1.1, which accepts every 1.0 document). Never throws: a syntax error becomes one
 * problem where the parser stopped, and there is no value (TOML has no partial parse).
 */
export function parseTomlDocument(text: string, path: string): Parsed<TomlDocument> {
  let program: AST.TOMLProgram;
  try {
    program = parseTOML(text, { tomlVersion: 'latest' });
  } catch (error) {
    if (error instanceof ParseError) {
      return { problems: [{ path, message: `Invalid TOML document: ${error.message}`, range: lineRange(Math.max(0, error.lineNumber - 1), Math.max(0, error.column)) }] };
    }
    return { problems: [{ path, message: `Invalid TOML document: ${String(error)}` }] };
  }
  return { value: new TomlDocument(text, program), problems: [] };
}

function pathKey(path: readonly TomlPathSegment[]): string {
  return JSON.stringify(path);
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
