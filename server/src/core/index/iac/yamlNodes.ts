import { isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import type { ParseProblem } from '../../model/dependency';
import type { Position, Range } from '../../model/location';
import { lineEndingOf, type FixAnchor } from './iacSignal';

/** A parsed YAML stream with the positions of its nodes. Shared by the Kubernetes and Compose readers. */
export class YamlText {
  private constructor(
    readonly path: string,
    readonly text: string,
    readonly documents: readonly Document.Parsed[],
    private readonly lines: LineCounter,
  ) {}

  /**
   * Parses every document of a stream; the rest of each document is kept past a syntax error, and the file gets one
   * problem (its first error, with how many more). A quoted scalar whose continuation lines are indented less than
   * YAML 1.2 asks (what controller-gen writes for long CEL rules in CRDs, and what kubectl and PyYAML read) is read
   * as those tools read it.
   */
  static parse(path: string, text: string): { yaml: YamlText; problems: ParseProblem[] } {
    let parsed = parseStream(text);
    if (parsed.errors.length > 0) {
      const relaxed = indentQuotedContinuations(text);
      const retried = relaxed === undefined ? undefined : parseStream(relaxed);
      if (retried && retried.errors.length < parsed.errors.length) {
        parsed = retried;
      }
    }
    const yaml = new YamlText(path, text, parsed.documents, parsed.lines);
    const [first] = parsed.errors;
    if (first === undefined) {
      return { yaml, problems: [] };
    }
    const more = parsed.errors.length - 1;
    return {
      yaml,
      problems: [
        {
          path,
          // The first line only: the rest of a yaml message quotes the source, which may hold secrets.
          message: `YAML syntax error: ${first.message.split('\n')[0]!.replace(/:$/, '')}${more > 0 ? ` (and ${more} more)` : ''}`,
          range: { start: yaml.position(first.pos[0]), end: yaml.position(first.pos[1]) },
        },
      ],
    };
  }

  /** The file's line ending and lines, computed once: a stream of many documents asks for them per finding. */
  private get eol(): string {
    this.eolOnce ??= lineEndingOf(this.text);
    return this.eolOnce;
  }

  private get textLines(): readonly string[] {
    this.linesOnce ??= this.text.split('\n');
    return this.linesOnce;
  }

  private eolOnce?: string;
  private linesOnce?: string[];

  /** 0-based position of an offset (LineCounter counts 1-based lines and columns). */
  position(offset: number): Position {
    const { line, col } = this.lines.linePos(offset);
    return { line: line - 1, character: col - 1 };
  }

  /** Range of a node's value (without trailing comments). */
  rangeOf(node: { range?: [number, number, number] | null } | null | undefined): Range {
    const [start, end] = node?.range ?? [0, 0];
    return { start: this.position(start), end: this.position(end) };
  }

  /** `key: value` for a one-line scalar value, else just the key: what a diagnostic should underline. */
  pairRange(pair: Pair): Range {
    const key = pair.key as Scalar | null;
    const keyRange = this.rangeOf(key);
    if (isScalar(pair.value) && pair.value.range) {
      const valueRange = this.rangeOf(pair.value);
      return valueRange.end.line === keyRange.start.line ? { start: keyRange.start, end: valueRange.end } : keyRange;
    }
    return keyRange;
  }

  /** Indentation (column) of a node's first character. */
  columnOf(node: { range?: [number, number, number] | null } | null | undefined): number {
    return this.position(node?.range?.[0] ?? 0).character;
  }

  /** One nesting level as the document writes it (two spaces when it cannot tell). */
  indentStep(document: Document.Parsed): string {
    const root = document.contents;
    if (isMap(root)) {
      for (const pair of root.items) {
        const child = pair.value;
        if (isMap(child) && !child.flow && child.items[0]) {
          const step = this.columnOf(child.items[0].key as Scalar) - this.columnOf(pair.key as Scalar);
          if (step > 0) {
            return ' '.repeat(step);
          }
        }
      }
    }
    return '  ';
  }

  /**
   * Where to insert a new line right after the line of `pair` (whose value must fit on that line), at the
   * indentation of `map`'s keys. Undefined for flow maps or multi-line values, where a line insert is unsafe.
   */
  insertAfterPair(document: Document.Parsed, map: YAMLMap, pair: Pair, missingParents: string[]): FixAnchor | undefined {
    const key = pair.key as Scalar | null;
    const value = pair.value;
    if (map.flow || !key?.range || !isScalar(value) || !value.range || value.type === 'BLOCK_FOLDED' || value.type === 'BLOCK_LITERAL') {
      return undefined;
    }
    if (this.position(value.range[1]).line !== this.position(key.range[0]).line) {
      return undefined;
    }
    const lineEnd = this.text.indexOf('\n', value.range[1]);
    const indent = ' '.repeat(this.columnOf(key));
    const step = this.indentStep(document);
    return lineEnd === -1
      ? { kind: 'insert', position: this.position(this.text.length), indent, step, missingParents, newlineBefore: true, eol: this.eol }
      : { kind: 'insert', position: this.position(lineEnd + 1), indent, step, missingParents, newlineBefore: false, eol: this.eol };
  }

  /** Where to insert a new first key into a block map whose first key starts its own line (above its comments). */
  insertFirstKey(document: Document.Parsed, map: YAMLMap): FixAnchor | undefined {
    const first = map.items[0]?.key as Scalar | undefined;
    if (map.flow || !first?.range) {
      return undefined;
    }
    const start = this.position(first.range[0]);
    const lineStart = first.range[0] - start.character;
    if (this.text.slice(lineStart, first.range[0]).trim() !== '') {
      return undefined; // `- runAsUser: 1` style: the key shares its line with a sequence dash
    }
    // Comments just above the first key describe it: the new key goes above them.
    const lines = this.textLines;
    let line = start.line;
    while (line > 0 && lines[line - 1]!.trimStart().startsWith('#')) {
      line--;
    }
    return { kind: 'insert', position: { line, character: 0 }, indent: ' '.repeat(start.character), step: this.indentStep(document), missingParents: [], newlineBefore: false, eol: this.eol };
  }
}

/** The pair of a map with a string key, if any. */
export function pairOf(node: unknown, key: string): Pair | undefined {
  if (!isMap(node)) {
    return undefined;
  }
  return node.items.find((pair): pair is Pair => isPair(pair) && isScalar(pair.key) && pair.key.value === key);
}

/** The map under `key`, following a path of keys. */
export function mapAt(node: unknown, ...keys: string[]): YAMLMap | undefined {
  const value = valueAt(node, ...keys);
  return isMap(value) ? value : undefined;
}

/** The sequence under `key`, following a path of keys. */
export function seqAt(node: unknown, ...keys: string[]): YAMLSeq | undefined {
  const value = valueAt(node, ...keys);
  return isSeq(value) ? value : undefined;
}

function valueAt(node: unknown, ...keys: string[]): unknown {
  let current = node;
  for (const key of keys) {
    current = pairOf(current, key)?.value;
  }
  return current;
}

/** A scalar's value as a string (numbers too, as written); undefined for anything else. */
export function stringOf(node: unknown): string | undefined {
  if (!isScalar(node)) {
    return undefined;
  }
  const value = node.value;
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
}

/** A scalar boolean. Quoted `"true"` is a string, as Kubernetes and Compose read it. */
export function boolOf(node: unknown): boolean | undefined {
  return isScalar(node) && typeof node.value === 'boolean' ? node.value : undefined;
}

/** A scalar number. */
export function numberOf(node: unknown): number | undefined {
  return isScalar(node) && typeof node.value === 'number' ? node.value : undefined;
}

/** The maps of a sequence, skipping anything else. */
export function mapsOf(seq: YAMLSeq | undefined): YAMLMap[] {
  return (seq?.items ?? []).filter((item): item is YAMLMap => isMap(item));
}

function parseStream(text: string): { documents: Document.Parsed[]; lines: LineCounter; errors: { message: string; pos: [number, number] }[] } {
  const lines = new LineCounter();
  const parsed = parseAllDocuments(text, { lineCounter: lines, prettyErrors: false });
  const documents = Array.isArray(parsed) ? parsed : [];
  return { documents, lines, errors: documents.flatMap((document) => document.errors) };
}

/** `key: 'text…`, `- "text…`: a value that opens a quoted scalar; the column its continuation lines must pass. */
const openingQuote = /^( *)((?:- +)*)((?:[^\s'"#\-[{][^#]*?|"(?:[^"\\]|\\.)*"|'(?:[^']|'')*')[ \t]*:[ \t]+)?(['"])(.*)$/;
/** `key: |`, `- >-`: a block scalar starts; its lines (indented deeper, or blank) are text, not YAML structure. */
export const blockScalarStart = /(?:^|[:\-][ \t]+)[|>][-+0-9]*[ \t]*(?:#.*)?$/;

/**
 * The text with the continuation lines of multi-line quoted scalars indented past their parent, where they are not:
 * the scalar's value is the same (line folding drops leading spaces), and only lines inside such scalars change, so
 * every line keeps its number. Undefined when there is nothing to indent.
 */
export function indentQuotedContinuations(text: string): string | undefined {
  const lines = text.split('\n');
  let isChanged = false;
  let blockIndent: number | undefined;
  for (let index = 0; index < lines.length; index++) {
    const line = withoutCarriageReturn(lines[index]!);
    const indent = line.length - line.trimStart().length;
    if (blockIndent !== undefined) {
      if (line.trim() === '' || indent > blockIndent) {
        continue;
      }
      blockIndent = undefined;
    }
    if (line.trimStart().startsWith('#')) {
      continue;
    }
    if (blockScalarStart.test(line)) {
      blockIndent = indent;
      continue;
    }
    const match = openingQuote.exec(line);
    const [, spaces = '', dashes = '', key, quote = '', rest = ''] = match ?? [];
    if (!match || (key === undefined && dashes === '') || closingQuoteAt(rest, quote) >= 0) {
      continue;
    }
    // A mapping value continues past its key's column; a sequence entry past its dash's.
    const parentColumn = spaces.length + (key !== undefined ? dashes.length : dashes.trimEnd().length - 1);
    for (index++; index < lines.length; index++) {
      const continuation = lines[index]!;
      const leading = continuation.length - continuation.trimStart().length;
      if (continuation.trim() !== '' && leading <= parentColumn) {
        lines[index] = `${' '.repeat(parentColumn + 1 - leading)}${continuation}`;
        isChanged = true;
      }
      if (closingQuoteAt(continuation, quote) >= 0) {
        break;
      }
    }
  }
  return isChanged ? lines.join('\n') : undefined;
}

/** A line of a CRLF file as the patterns here read it. */
export function withoutCarriageReturn(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

/** Where the quoted scalar closes on this text (`''` is an escaped quote in single quotes, `\\"` in double), or -1. */
function closingQuoteAt(text: string, quote: string): number {
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (quote === '"' && char === '\\') {
      index++;
    } else if (char === quote) {
      if (quote === "'" && text[index + 1] === "'") {
        index++;
      } else {
        return index;
      }
    }
  }
  return -1;
}
