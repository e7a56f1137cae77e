import { LineIndex, type Range } from '../../model/location';

/** A string literal in a TOML value, decoded, with the range of the literal including its quotes. */
export interface TomlStringLocation {
  value: string;
  range: Range;
}

/** A `key = value` line of a TOML document, with its full key path and where it is written. */
export interface TomlEntry {
  /** Header path of the enclosing table followed by the (dotted) key, decoded: `['tool', 'poetry', 'dependencies', 'flask']`. */
  path: string[];
  /** From the first character of the key to the last character of the value (comments excluded). */
  range: Range;
  /** Every string literal inside the value, in document order (array elements, inline-table values). */
  strings: TomlStringLocation[];
}

/** A `[table]` or `[[array.of.tables]]` header line. */
export interface TomlHeader {
  path: string[];
  isArray: boolean;
  range: Range;
}

/**
 * Where the keys and strings of a TOML document are written. smol-toml parses values but keeps no positions, so
 * this scanner recovers them: it follows only the lexical structure (headers, keys, strings, brackets, comments),
 * never interprets values, and gives up on nothing — on malformed text it simply records less. Values always come
 * from smol-toml; the layout only answers "on which lines is this key or string".
 */
export interface TomlLayout {
  entries: TomlEntry[];
  headers: TomlHeader[];
}

/** Scans the layout of a TOML document. Never throws. */
export function scanTomlLayout(text: string): TomlLayout {
  return new LayoutScanner(text).scan();
}

/** The first entry written at exactly this key path. */
export function findTomlEntry(layout: TomlLayout, path: readonly string[]): TomlEntry | undefined {
  return layout.entries.find((entry) => samePath(entry.path, path));
}

/** Every entry written at exactly this key path, in document order (one per `[[array]]` table). */
export function findTomlEntries(layout: TomlLayout, path: readonly string[]): TomlEntry[] {
  return layout.entries.filter((entry) => samePath(entry.path, path));
}

/**
 * Range of the `key = "value"` entry of the index-th table of an array of tables (`[[package]]` … `name = "flask"`),
 * given the entries of that key path (`findTomlEntries(layout, ['package', 'name'])`, computed once per document),
 * checked by its string value; when the count is off (a malformed table), the first entry with that value.
 */
export function locateArrayTableEntry(entries: readonly TomlEntry[], index: number, value: string): Range | undefined {
  const candidate = entries[index];
  if (candidate?.strings[0]?.value === value) {
    return candidate.range;
  }
  return entries.find((entry) => entry.strings[0]?.value === value)?.range;
}

/**
 * The range to report for a key path: its own entry, else the entry of the nearest ancestor key (a key inside an
 * inline table), else the header of the nearest enclosing table.
 */
export function locateTomlKey(layout: TomlLayout, path: readonly string[]): Range | undefined {
  for (let length = path.length; length > 0; length--) {
    const prefix = path.slice(0, length);
    const entry = findTomlEntry(layout, prefix);
    if (entry) {
      return entry.range;
    }
    const header = layout.headers.find((candidate) => samePath(candidate.path, prefix));
    if (header) {
      return header.range;
    }
  }
  return undefined;
}

/**
 * Hands out the string literals of one array value in order, so that equal strings written twice map to their own
 * lines. Falls back to the entry range (or undefined) when the text does not contain the string.
 */
export class TomlStringCursor {
  private readonly used = new Set<TomlStringLocation>();

  constructor(
    private readonly layout: TomlLayout,
    private readonly path: readonly string[],
  ) {}

  /** Range of the next unused literal equal to `value` under the key path (or its nearest written ancestor). */
  rangeOf(value: string): Range | undefined {
    for (let length = this.path.length; length > 0; length--) {
      const entry = findTomlEntry(this.layout, this.path.slice(0, length));
      if (!entry) {
        continue;
      }
      const found = entry.strings.find((candidate) => candidate.value === value && !this.used.has(candidate));
      if (found) {
        this.used.add(found);
        return found.range;
      }
      return entry.range;
    }
    return locateTomlKey(this.layout, this.path);
  }
}

function samePath(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((segment, index) => segment === b[index]);
}

const bareKeyChar = /[A-Za-z0-9_-]/;

class LayoutScanner {
  private readonly lines: LineIndex;
  private index = 0;
  private table: string[] = [];
  private readonly entries: TomlEntry[] = [];
  private readonly headers: TomlHeader[] = [];

  constructor(private readonly text: string) {
    this.lines = new LineIndex(text);
  }

  scan(): TomlLayout {
    const text = this.text;
    while (this.index < text.length) {
      this.skipBlanks();
      const char = text[this.index];
      if (char === undefined) {
        break;
      }
      if (char === '\n' || char === '\r') {
        this.index++;
      } else if (char === '#') {
        this.skipToLineEnd();
      } else if (char === '[') {
        this.scanHeader();
      } else {
        this.scanEntry();
      }
    }
    return { entries: this.entries, headers: this.headers };
  }

  private scanHeader(): void {
    const start = this.index;
    const isArray = this.text[this.index + 1] === '[';
    this.index += isArray ? 2 : 1;
    const path = this.scanKey();
    this.skipBlanks();
    if (this.text[this.index] === ']') {
      this.index += isArray ? 2 : 1;
      this.table = path;
      this.headers.push({ path, isArray, range: this.lines.rangeOf(start, this.index - start) });
    }
    this.skipToLineEnd();
  }

  private scanEntry(): void {
    const start = this.index;
    const key = this.scanKey();
    this.skipBlanks();
    if (key.length === 0 || this.text[this.index] !== '=') {
      this.skipToLineEnd();
      return;
    }
    this.index++;
    this.skipBlanks();
    const strings: TomlStringLocation[] = [];
    const end = this.scanValue(strings);
    this.entries.push({ path: [...this.table, ...key], range: this.lines.rangeOf(start, end - start), strings });
  }

  /** A dotted key of bare and quoted parts; stops before `=`, `]` or anything unexpected. */
  private scanKey(): string[] {
    const parts: string[] = [];
    for (;;) {
      this.skipBlanks();
      const char = this.text[this.index];
      if (char === '"' || char === "'") {
        const literal = this.scanString(char);
        if (!literal) {
          return parts;
        }
        parts.push(literal.value);
      } else {
        const start = this.index;
        while (this.index < this.text.length && bareKeyChar.test(this.text[this.index]!)) {
          this.index++;
        }
        if (this.index === start) {
          return parts;
        }
        parts.push(this.text.slice(start, this.index));
      }
      this.skipBlanks();
      if (this.text[this.index] !== '.') {
        return parts;
      }
      this.index++;
    }
  }

  /**
   * Scans one value up to its end: the end of the line for scalars, the matching bracket for arrays and inline
   * tables (which may span lines). Returns the offset just past the last value character.
   */
  private scanValue(strings: TomlStringLocation[]): number {
    const text = this.text;
    let depth = 0;
    let end = this.index;
    while (this.index < text.length) {
      const char = text[this.index]!;
      if (char === '"' || char === "'") {
        const literal = this.scanString(char);
        if (literal) {
          strings.push(literal);
        }
        end = this.index;
        if (depth === 0) {
          return end;
        }
      } else if (char === '#') {
        this.skipToLineEnd();
      } else if (char === '\n') {
        if (depth === 0) {
          return end;
        }
        this.index++;
      } else if (char === '[' || char === '{') {
        depth++;
        this.index++;
        end = this.index;
      } else if (char === ']' || char === '}') {
        depth--;
        this.index++;
        end = this.index;
        if (depth <= 0) {
          return end;
        }
      } else {
        this.index++;
        if (char !== ' ' && char !== '\t' && char !== '\r') {
          end = this.index;
        }
      }
    }
    return end;
  }

  /** A basic, literal or multi-line string starting at the current quote; undefined if it is not closed. */
  private scanString(quote: string): TomlStringLocation | undefined {
    const text = this.text;
    const start = this.index;
    const isMultiline = text.startsWith(quote.repeat(3), start);
    const delimiter = isMultiline ? quote.repeat(3) : quote;
    let cursor = start + delimiter.length;
    let value = '';
    while (cursor < text.length) {
      if (text.startsWith(delimiter, cursor)) {
        // A multi-line string may end with up to two extra quotes that belong to its content.
        while (isMultiline && text[cursor + delimiter.length] === quote) {
          value += quote;
          cursor++;
        }
        this.index = cursor + delimiter.length;
        return { value, range: this.lines.rangeOf(start, this.index - start) };
      }
      const char = text[cursor]!;
      if (!isMultiline && char === '\n') {
        break;
      }
      if (char === '\\' && quote === '"') {
        const [decoded, length] = decodeEscape(text, cursor);
        value += decoded;
        cursor += length;
      } else {
        value += char;
        cursor++;
      }
    }
    this.index = cursor;
    return undefined;
  }

  private skipBlanks(): void {
    while (this.text[this.index] === ' ' || this.text[this.index] === '\t') {
      this.index++;
    }
  }

  private skipToLineEnd(): void {
    const newline = this.text.indexOf('\n', this.index);
    this.index = newline < 0 ? this.text.length : newline;
  }
}

const simpleEscapes: Record<string, string> = { b: '\b', t: '\t', n: '\n', f: '\f', r: '\r', e: '\u001b', '"': '"', '\\': '\\' };

/** Decodes the escape at `offset` (a backslash); returns the text and how many characters it spans. */
function decodeEscape(text: string, offset: number): [string, number] {
  const kind = text[offset + 1] ?? '';
  if (kind in simpleEscapes) {
    return [simpleEscapes[kind]!, 2];
  }
  const hexLength = kind === 'u' ? 4 : kind === 'U' ? 8 : kind === 'x' ? 2 : 0;
  const hex = text.slice(offset + 2, offset + 2 + hexLength);
  if (hexLength > 0 && /^[0-9A-Fa-f]+$/.test(hex) && hex.length === hexLength) {
    return [String.fromCodePoint(Number.parseInt(hex, 16)), 2 + hexLength];
  }
  // A line-ending backslash in a multi-line string, or an invalid escape: keep the text as written.
  return ['\\', 1];
}
