import type { Parsed, ParseProblem } from '../../model/dependency';
import type { Range } from '../../model/location';

/** One go.sum line: the checksum of a module version's content, or only of its go.mod. */
export interface GoSumEntry {
  module: string;
  version: string;
  /** A `<version>/go.mod` line: the module was in the module graph, but its code was not downloaded or built. */
  isGoModOnly: boolean;
  /** The checksum as written (`h1:<base64>`): a SHA-256 over the module's file hashes, not over one file. */
  hash: string;
  range: Range;
}

/** Parses go.sum (`<module> <version>[/go.mod] h1:<hash>` per line). Never throws; malformed lines become problems. */
export function parseGoSum(text: string, path: string): Parsed<GoSumEntry[]> {
  const problems: ParseProblem[] = [];
  const entries: GoSumEntry[] = [];
  text.split('\n').forEach((rawLine, lineNumber) => {
    const line = rawLine.replace(/\r$/, '');
    if (line.trim() === '') {
      return;
    }
    const range: Range = { start: { line: lineNumber, character: 0 }, end: { line: lineNumber, character: line.length } };
    const fields = line.trim().split(/\s+/);
    const [module, versionField, hash] = fields;
    if (fields.length !== 3 || !module || !versionField || !hash?.includes(':')) {
      problems.push({ path, message: 'Malformed go.sum line: expected `module version hash`', range });
      return;
    }
    const isGoModOnly = versionField.endsWith('/go.mod');
    entries.push({ module, version: isGoModOnly ? versionField.slice(0, -'/go.mod'.length) : versionField, isGoModOnly, hash, range });
  });
  return { value: entries, problems };
}
