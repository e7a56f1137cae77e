/** A 0-based position; `character` counts UTF-16 code units (the LSP default). */
export interface Position {
  line: number;
  character: number;
}

/** A 0-based range; `end` is exclusive. Same shape as an LSP Range, so conversion is trivial. */
export interface Range {
  start: Position;
  end: Position;
}

/** A place in the workspace. `path` is workspace-relative with `/` separators. */
export interface SourceLocation {
  path: string;
  range: Range;
}

/** Range covering a whole 0-based line from `startCharacter` to `endCharacter`. */
export function lineRange(line: number, startCharacter = 0, endCharacter = startCharacter): Range {
  return { start: { line, character: startCharacter }, end: { line, character: endCharacter } };
}

/** Maps string offsets to positions; built once per text. */
export class LineIndex {
  private readonly lineStarts: number[] = [0];

  constructor(private readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      if (text.charCodeAt(i) === 10) {
        this.lineStarts.push(i + 1);
      }
    }
  }

  /** Position of a UTF-16 offset into the text. */
  positionAt(offset: number): Position {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((this.lineStarts[mid] ?? 0) <= offset) {
        low = mid;
      } else {
        high = mid - 1;
      }
    }
    return { line: low, character: offset - (this.lineStarts[low] ?? 0) };
  }

  /** Offset of a position, clamped to the text. */
  offsetAt(position: Position): number {
    const start = this.lineStarts[Math.min(position.line, this.lineStarts.length - 1)] ?? 0;
    return Math.min(start + position.character, this.text.length);
  }

  rangeOf(offset: number, length: number): Range {
    return { start: this.positionAt(offset), end: this.positionAt(offset + length) };
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }
}
