import type { Range } from './location';

/** How a manifest declares a dependency. `dev` never ships to production. */
export type DependencyScope = 'prod' | 'dev' | 'optional' | 'peer';

/** One dependency as written in a manifest (`package.json`), with the exact place it is declared. */
export interface DeclaredDependency {
  name: string;
  /** The version spec as written, e.g. `^4.17.15`. */
  spec: string;
  scope: DependencyScope;
  /** Repository-relative path of the manifest. */
  manifestPath: string;
  /** Range of the whole `"name": "spec"` member. */
  range: Range;
  /**
   * Maven: where the version comes from when the declaration does not write it itself (a property, the
   * dependencyManagement of a parent or BOM), so that a hover can say where to change it and why no one-click
   * upgrade is offered.
   */
  versionSource?: VersionSource;
}

/** Where a declaration's version is set, when not in its own `<version>` (see `DeclaredDependency.versionSource`). */
export interface VersionSource {
  /** What sets it, as a hover says it: `the property ${jackson.version}, defined at pom.xml line 12`. */
  description: string;
  /** Why an upgrade there is not one edit ASPM makes for you: `3 dependencies use it`. */
  why: string;
  /** The line that sets it, when in the repository. */
  location?: { path: string; range: Range };
}

/** A package installed per the lockfile (or declared only, when there is no lockfile). */
export interface ResolvedPackage {
  ecosystem: string;
  name: string;
  /** Installed version; undefined when no lockfile tells it. */
  version?: string;
  /** The VCS revision the lockfile pins when it locks no version (dep's `Gopkg.lock`): the BOM's purl version. */
  revision?: string;
  /** True when a manifest names it directly. */
  isDirect: boolean;
  /** True when every path from a manifest to it starts at a dev dependency. */
  isDevOnly: boolean;
  /** The direct dependencies that pull it in (itself when direct), prod ones first. */
  introducedBy: DeclaredDependency[];
  /** One shortest chain of package names from a direct dependency down to this package. */
  chain: string[];
  /**
   * Whether the graph records every package that depends on this one (a lockfile or installed metadata with edges),
   * so that `introducedBy` is complete and "nothing imports it or what pulls it in" is positive evidence. False where
   * no edges are recorded (a flat requirements.txt, go.mod's `// indirect`, pom.xml). Undefined: as
   * `graph.hasLockfile` says (see {@link hasKnownParents}).
   */
  hasKnownParents?: boolean;
  /** Why `hasKnownParents` is false, when the graph can say better than its file name (an unrequested extra). */
  unknownParentsReason?: string;
  /**
   * The packages of this module that a build record lists as compiled into the program (dep's `Gopkg.lock`
   * `packages`): positive evidence that the program imports them, though not from where.
   */
  compiledPackages?: string[];
  /**
   * Where `compiledPackages` are listed when not on the declaration itself: the module's line of `vendor/modules.txt`,
   * which lists every package of the build compiled in (so an empty list says that none of the module is).
   */
  compiledPackagesSource?: { path: string; range: Range };
  /**
   * Which installed copy this is, where the lockfile tells copies of a package apart (npm, yarn, pnpm): npm's
   * repository-relative install folder (`node_modules/a/node_modules/b`, or a workspace folder), or
   * `<lockfile folder>#<name>@<version>` for yarn and pnpm, whose lockfiles record what each package resolves to but
   * not where it lies. Import sites resolve to copies (see `correlate/npmCopies`).
   */
  copy?: string;
  /**
   * Go: the module this one is built in place of (`replace github.com/gorilla/mux => github.com/containous/mux …`):
   * code imports it by that module's paths.
   */
  replacedModule?: string;
  /** Checksums the lockfile records for what it installs (npm `integrity`, Python file hashes, go.sum). */
  hashes?: PackageHash[];
  /**
   * `name@version` of the packages of the same graph it needs, as the lockfile resolves them; undefined when the
   * lockfile records no edges (go.mod, Gradle, Pipfile.lock, no lockfile), which means unknown, not none.
   */
  dependsOn?: string[];
}

/** A checksum a lockfile records for a package. */
export interface PackageHash {
  /**
   * CycloneDX algorithm names for plain digests of a published file; `go-h1` for go.sum's `h1:`, a SHA-256 over a
   * list of the module's file hashes ("dirhash"), which no file can be checked against.
   */
  algorithm: 'SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512' | 'go-h1';
  /** Lower-case hex for plain digests; for `go-h1` the value as go.sum writes it (`h1:` and base64). */
  value: string;
  /** The distribution file it is the digest of, when the lockfile names it (a Python wheel or sdist, or its URL). */
  file?: string;
}

/** The dependency graph of one ecosystem in one repository. */
export interface DependencyGraph {
  ecosystem: string;
  declared: DeclaredDependency[];
  packages: ResolvedPackage[];
  /** Whether a lockfile backed the graph (without one, transitive packages are unknown). */
  hasLockfile: boolean;
  /** Where the graph's edges come from when no manifest or lockfile of it records them: a virtualenv's site-packages. */
  edgeSource?: string;
}

/**
 * Whether a package's graph records every package that depends on it: the package's own answer, else whether a
 * lockfile backs the graph (npm, yarn and pnpm lockfiles record every edge).
 */
export function hasKnownParents(pkg: ResolvedPackage, graph: DependencyGraph): boolean {
  return pkg.hasKnownParents ?? graph.hasLockfile;
}

/** A problem found while reading an input file; it never stops the analysis of other files. */
export interface ParseProblem {
  path: string;
  message: string;
  range?: Range;
}

/** Result of a parser that never throws on bad input. */
export interface Parsed<T> {
  value?: T;
  problems: ParseProblem[];
}
