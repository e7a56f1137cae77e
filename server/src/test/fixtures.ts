import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import type { ImportFact } from '../core/model/importFact';
import type { EcosystemIndexer } from '../core/index/manifests/ecosystem';
import type { Logger, SourceIndexer, WorkspaceFileSystem } from '../engine/ports';
import { WorkspaceEngine } from '../engine/workspaceEngine';
import { createSourceIndexer } from '../host/sourceIndexer';
import { TreeSitterHost } from '../host/treeSitterHost';
import { wasmLocator } from '../host/wasmLocator';

/** Absolute path of a file under test-fixtures/, from the compiled test's location in out/. */
export function fixturePath(...segments: string[]): string {
  return path.resolve(__dirname, '../../../../test-fixtures', ...segments);
}

export function readFixture(...segments: string[]): string {
  return readFileSync(fixturePath(...segments), 'utf8');
}

/** The files of a fixture workspace an ecosystem reads, by repository-relative path, sorted. */
export function workspaceManifests(workspace: string, ecosystem: EcosystemIndexer): Map<string, string> {
  const paths = readdirSync(fixturePath('workspaces', workspace), { recursive: true, encoding: 'utf8' })
    .map((path) => path.split('\\').join('/'))
    .filter((path) => ecosystem.isManifestFile(path))
    .sort();
  return new Map(paths.map((path) => [path, readFixture('workspaces', workspace, path)]));
}

let indexer: Promise<SourceIndexer> | undefined;

/** One real source indexer (tree-sitter and all) shared by the unit tests, so grammars load once. */
export function sharedIndexer(): Promise<SourceIndexer> {
  indexer ??= TreeSitterHost.create(wasmLocator(__dirname)).then((host) => createSourceIndexer(host, { repoRoot: '/nonexistent', folder: '/nonexistent', sarifGlobs: ['**/*.sarif'] }));
  return indexer;
}

/** The imports the real indexer finds in a text. */
export async function importsOf(filePath: string, text: string): Promise<ImportFact[]> {
  return (await (await sharedIndexer()).index(filePath, text)).imports ?? [];
}

/** A read-only in-memory copy of a fixture folder, with `extra` files added or replaced. */
export function fixtureFileSystem(folder: string, extra: Record<string, string> = {}): WorkspaceFileSystem {
  const files = new Map<string, string>();
  const walk = (dir: string, prefix: string): void => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) {
        walk(full, `${prefix}${name}/`);
      } else {
        files.set(`${prefix}${name}`, readFileSync(full, 'utf8'));
      }
    }
  };
  walk(folder, '');
  for (const [name, text] of Object.entries(extra)) {
    files.set(name, text);
  }
  return {
    listFiles: () => Promise.resolve([...files.keys()].sort()),
    readText: (file) => Promise.resolve(files.has(file) ? { text: files.get(file)! } : { skipped: 'file not found' }),
  };
}

const silentLog: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** An engine over a fixture workspace (read in memory, real indexer), fully indexed, with a fixed clock. */
export async function indexedFixtureEngine(workspace: string, options: { extra?: Record<string, string>; now?: Date } = {}): Promise<WorkspaceEngine> {
  const now = options.now ?? new Date('2026-12-01T00:00:00Z');
  const engine = new WorkspaceEngine({ fs: fixtureFileSystem(fixturePath('workspaces', workspace), options.extra), indexer: await sharedIndexer(), log: silentLog, now: () => now });
  await engine.indexAll();
  return engine;
}
