import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { TreeSitterImportParser } from '../host/treeSitterImportParser';
import { wasmLocator } from '../host/wasmLocator';

/** Absolute path of a file under test-fixtures/, from the compiled test's location in out/. */
export function fixturePath(...segments: string[]): string {
  return path.resolve(__dirname, '../../../../test-fixtures', ...segments);
}

export function readFixture(...segments: string[]): string {
  return readFileSync(fixturePath(...segments), 'utf8');
}

let parser: Promise<TreeSitterImportParser> | undefined;

/** One real tree-sitter import parser shared by the unit tests (grammars load once). */
export function sharedImportParser(): Promise<TreeSitterImportParser> {
  parser ??= TreeSitterImportParser.create(wasmLocator(__dirname));
  return parser;
}
