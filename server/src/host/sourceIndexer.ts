import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import picomatch from 'picomatch';
import type { FileFacts } from '../core/model/fileFacts';
import type { OpenDocumentFacts, SourceIndexer } from '../engine/ports';
import { goIndexer } from './indexers/goIndexer';
import { iacIndexer } from './indexers/iacIndexer';
import { javaIndexer } from './indexers/javaIndexer';
import { pythonIndexer } from './indexers/pythonIndexer';
import { javascriptIndexer } from './indexers/javascriptIndexer';
import { nestingGuarded } from './indexers/nestingGuarded';
import { sarifIndexer } from './indexers/sarifIndexer';
import { secretIndexer, type SecretScan } from './indexers/secretIndexer';
import type { TreeSitterHost } from './treeSitterHost';

/** Runs every indexer that handles a file and merges what they found. */
export class CompositeIndexer implements SourceIndexer {
  /** The last facts of each part for open documents, to merge again when one part settles. */
  private readonly openParts = new Map<string, FileFacts[]>();

  constructor(private readonly parts: readonly SourceIndexer[]) {}

  handles(filePath: string): boolean {
    return this.parts.some((part) => part.handles(filePath));
  }

  isOptional(filePath: string): boolean {
    const parts = this.parts.filter((part) => part.handles(filePath));
    return parts.length > 0 && parts.every((part) => part.isOptional?.(filePath) === true);
  }

  async index(filePath: string, text: string): Promise<FileFacts> {
    const found: FileFacts[] = [];
    for (const part of this.parts.filter((candidate) => candidate.handles(filePath))) {
      found.push(await part.index(filePath, text));
    }
    return mergeFacts(found);
  }

  async indexOpen(filePath: string, text: string): Promise<OpenDocumentFacts> {
    const found: FileFacts[] = [];
    let isSettled = true;
    for (const part of this.parts.filter((candidate) => candidate.handles(filePath))) {
      const open = part.indexOpen ? await part.indexOpen(filePath, text) : { facts: await part.index(filePath, text), isSettled: true };
      found.push(open.facts);
      isSettled &&= open.isSettled;
    }
    this.openParts.set(filePath, found);
    return { facts: mergeFacts(found), isSettled };
  }

  async settleOpen(filePath: string, text: string): Promise<FileFacts | undefined> {
    const found = this.openParts.get(filePath);
    const parts = this.parts.filter((candidate) => candidate.handles(filePath));
    if (!found || found.length !== parts.length) {
      return undefined;
    }
    let isChanged = false;
    for (const [at, part] of parts.entries()) {
      const settled = await part.settleOpen?.(filePath, text);
      if (settled) {
        found[at] = settled;
        isChanged = true;
      }
    }
    return isChanged ? mergeFacts(found) : undefined;
  }

  release(filePath: string): void {
    this.openParts.delete(filePath);
    for (const part of this.parts) {
      part.release?.(filePath);
    }
  }
}

function mergeFacts(found: readonly FileFacts[]): FileFacts {
  const merged: FileFacts = {};
  for (const facts of found) {
    merged.imports = concat(merged.imports, facts.imports);
    merged.routes = concat(merged.routes, facts.routes);
    merged.findings = concat(merged.findings, facts.findings);
    merged.problems = concat(merged.problems, facts.problems);
    merged.calls = concat(merged.calls, facts.calls);
    merged.fields = concat(merged.fields, facts.fields);
    merged.iac = facts.iac ?? merged.iac;
    merged.routeFile = facts.routeFile ?? merged.routeFile;
  }
  return merged;
}

function concat<T>(a: T[] | undefined, b: T[] | undefined): T[] | undefined {
  return a && b ? [...a, ...b] : (a ?? b);
}

/** Where a folder's files are, and which of them are local reports. */
export interface FolderIndexOptions {
  repoRoot: string;
  folder: string;
  /** `aspm.sarif.paths`: globs relative to the workspace folder. */
  sarifGlobs: readonly string[];
}

/**
 * A predicate over repository-relative paths for the report globs, which are relative to the workspace folder.
 * Dependency folders never hold the workspace's own reports.
 */
export function reportPathMatcher(options: FolderIndexOptions): (repoPath: string) => boolean {
  const prefix = path.relative(options.repoRoot, options.folder).split(path.sep).join('/');
  const matches = picomatch([...options.sarifGlobs], { dot: true });
  return (repoPath) => {
    if (repoPath.includes('node_modules/') || (prefix !== '' && !repoPath.startsWith(`${prefix}/`))) {
      return false;
    }
    return matches(prefix === '' ? repoPath : repoPath.slice(prefix.length + 1));
  };
}

/**
 * The indexer of every file kind the server reads, for one workspace folder. `openSecretScan` scans open documents
 * for secrets elsewhere (a worker thread) after an edit; without it they are scanned in the calling thread.
 */
export function createSourceIndexer(host: TreeSitterHost, options: FolderIndexOptions, openSecretScan?: SecretScan): SourceIndexer {
  // Terraform goes through tree-sitter too (its query matching grows with the depth); YAML is parsed recursively.
  const treeSitter = [javascriptIndexer(host), pythonIndexer(host), goIndexer(host), javaIndexer(host), iacIndexer(host)].map(nestingGuarded);
  const isReportPath = reportPathMatcher(options);
  return new CompositeIndexer([...treeSitter, sarifIndexer(isReportPath, pathToFileURL(options.repoRoot).href), secretIndexer(isReportPath, openSecretScan)]);
}

/** Built-in secret detection alone (no tree-sitter): what a worker that only scans open documents for secrets runs. */
export function createSecretIndexer(options: FolderIndexOptions): SourceIndexer {
  return secretIndexer(reportPathMatcher(options));
}
