import type { DependencyGraph } from './dependency';
import type { ImportFact } from './importFact';
import type { CallFact, FieldFact } from './symbolFacts';
import type { RouteFact } from './routeFact';
import type { ExposureSignal, IacResource } from './iacFacts';

/**
 * What `require(name)` finds, as a lockfile records it: the copy of each name that a folder's `node_modules` holds
 * (npm records folders), and the copies each copy resolves its own dependencies to (yarn and pnpm record
 * resolutions, not folders). Copies are `ResolvedPackage.copy` values; a workspace package resolves to its folder.
 */
export interface NpmResolution {
  /** Repository-relative folder → package name → copy. */
  folders: ReadonlyMap<string, ReadonlyMap<string, string>>;
  /** Copy → package name → copy, for copies that are not folders (yarn, pnpm). */
  copies: ReadonlyMap<string, ReadonlyMap<string, string>>;
}

/** A dependency graph with the folder of the lockfile (or manifest) that roots it. */
export interface RootedGraph {
  /** Repository-relative folder, `""` for the repository root. */
  rootDir: string;
  /** The manifest at `rootDir`, where npm `overrides` must go. */
  rootManifestPath: string;
  /** npm `overrides` of the root manifest: package name → version spec. */
  overrides: Record<string, string>;
  /** Which tool wrote the lockfile: transitive pins go where it reads them. Absent: npm (or no lockfile). */
  packageManager?: 'npm' | 'yarn' | 'pnpm';
  graph: DependencyGraph;
  /** npm family with a lockfile: what a `require` from each folder (and each copy) finds, as the lockfile records it. */
  resolution?: NpmResolution;
  /**
   * npm family: the graph's first-party `package.json` files by folder, which the files below them resolve subpath
   * imports (`#db`) and self-references through (see `correlate/npmCopies`).
   */
  packageScopes?: ReadonlyMap<string, NpmPackageScope>;
  /**
   * The first-party packages of the graph's workspace members besides the root (npm, yarn and pnpm workspaces): part
   * of the application, so not in `graph.packages`, but components of it in an SBOM.
   */
  workspacePackages?: { name: string; version?: string; manifestPath: string }[];
}

/** The calls on import bindings of each file (a Map will do), and what follows a call into other files. */
export interface CallsByPath {
  get(path: string): readonly CallFact[] | undefined;
  /** Go: the struct fields and package-level variables a file declares (absent: not followed across files). */
  fieldsOf?(path: string): readonly FieldFact[] | undefined;
  /** The indexed files directly in a folder (`""` for the root), to read the other files of a Go package. */
  filesIn?(folder: string): readonly string[];
  /**
   * Go: what the exported functions and methods of an imported package return (`New` → `App`, `App.Group` →
   * `Router`), read from its source in `vendor/` or the module cache (absent: only the curated table is known).
   */
  goResultTypes?(importPath: string): ReadonlyMap<string, string> | undefined;
}

/** Everything the analysis knows about the workspace, as plain facts. Paths are repository-relative. */
export interface WorkspaceIndex {
  graphs: RootedGraph[];
  /** Third-party imports of first-party source files. */
  imports: ImportFact[];
  /** The package each import site loads, as `ecosystem:packageKey`; sites that name no dependency are absent. */
  importTargets: ReadonlyMap<ImportFact, string>;
  /**
   * The sites of any of some targets, in the order of `imports`, with their targets: a look-up that spares reading
   * every import of a large workspace. Optional (tests); without it, `imports` and `importTargets` are read.
   */
  importSites?(targets: readonly string[]): { sites: readonly ImportFact[]; targets: ReadonlyMap<ImportFact, string> };
  /** Calls on import bindings, by repository-relative path of the calling file. */
  callsByPath: CallsByPath;
  /** HTTP routes declared in first-party code, with mount prefixes resolved across files. */
  routes: RouteFact[];
  /** Infrastructure resources and the exposure signals their declarations give. */
  iac: { resources: IacResource[]; signals: ExposureSignal[] };
  /** Repository-relative paths of the files the index saw. */
  files: ReadonlySet<string>;
  /** Current text of a manifest, for computing fixes; undefined if unknown. */
  manifestText(path: string): string | undefined;
  /** Current text of a file that code findings point into (to follow edits); undefined if not loaded. */
  codeText(path: string): string | undefined;
}

/** Whether a path is test code, which never ships to production (Go: `_test.go` files are built by `go test` only). */
export function isTestPath(path: string): boolean {
  let isTest = testPaths.get(path);
  if (isTest === undefined) {
    // Go never compiles `_test.go` files into a program.
    isTest = /(^|\/)(__tests__|__mocks__|tests?|spec|e2e|cypress|fixtures?)\//.test(path) || /\.(test|spec|e2e)\.[cm]?[jt]sx?$/.test(path) || path.endsWith('_test.go');
    if (testPaths.size >= maxKnownTestPaths) {
      testPaths.clear();
    }
    testPaths.set(path, isTest);
  }
  return isTest;
}

/** Answers of {@link isTestPath}: a package's reachability asks again for each of its sites on every decision. */
const testPaths = new Map<string, boolean>();
const maxKnownTestPaths = 100_000;

/** A JSON value as `package.json` holds it. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * A first-party `package.json` as Node reads it for the files of its folder (its *package scope*): the name a file
 * may import its own package by, and the `imports` and `exports` maps that subpath imports (`#db`) and
 * self-references (`my-lib/utils` inside my-lib) resolve through.
 */
export interface NpmPackageScope {
  /** Repository-relative folder of the `package.json`, `""` for the root. */
  folder: string;
  name?: string;
  imports?: JsonValue;
  exports?: JsonValue;
}
