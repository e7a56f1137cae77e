import type { DeclaredDependency, DependencyScope, ParseProblem, VersionSource } from '../../model/dependency';
import type { Range } from '../../model/location';
import { joinPath } from './ecosystem';
import { parentDir } from './npmGraph';
import type { Pom, PomDependency } from './pomXml';
import { resolveRelative } from '../../model/paths';

/** A Maven dependency with its effective coordinates. */
export interface MavenDeclaration {
  /** Named `groupId:artifactId`; `spec` is the effective version (interpolated, or from dependencyManagement). */
  declared: DeclaredDependency;
  /** The exact version; undefined for version ranges and versions that could not be resolved. */
  version?: string;
}

/** The effective dependencies of every pom, by pom path. */
export interface MavenProjects {
  declarations: Map<string, MavenDeclaration[]>;
  /** `groupId:artifactId` of every pom in the repository: dependencies on them are first-party, not packages. */
  firstParty: Set<string>;
  /** Each pom's own `groupId:artifactId:version`, inheritance and properties resolved, by path. */
  coordinates: Map<string, string>;
  problems: ParseProblem[];
}

/** A dependencyManagement entry after interpolation. */
interface ManagedEntry {
  version?: string;
  scope?: string;
  /** The pom whose `<dependencyManagement>` writes the entry, its `<version>` as written, and the BOM it came through. */
  source: { pom: Pom; range: Range; written?: string; bom?: string };
}

/**
 * Resolves what each pom declares, the way Maven builds its effective model, over the poms of the repository only:
 * - `<parent>` is found by `relativePath` (default `../pom.xml`, a folder means its `pom.xml`), else by coordinates
 *   among the poms given; a parent outside the repository is reported, and what it would define stays unknown;
 * - properties are inherited and overridden down the parent chain, with `project.*` (and `pom.*`) built-ins; `${…}`
 *   references nest (each property is expanded once per pom), and unknown or circular references, chains deeper than
 *   32 levels and values longer than 1,000 characters are reported once per pom and leave the version unresolved;
 * - `dependencyManagement` is inherited (the nearer pom wins, interpolated in the declaring pom's context as Maven
 *   does) and BOM imports (`<scope>import</scope>`) merge in the managed versions of BOMs found in the repository;
 *   BOMs not in the repository are reported. A dependency without a version or scope takes the managed one.
 * Scopes: compile, runtime and system are prod (`optional` when `<optional>true</optional>`), test and provided dev.
 * Management keys are `groupId:artifactId` (type and classifier are ignored). Dependencies a parent declares are
 * declarations of the parent pom, not repeated in each child. Never throws.
 */
export function resolveMavenProjects(poms: ReadonlyMap<string, Pom>): MavenProjects {
  return new MavenResolver(poms).resolveAll();
}

/** Paths of the module poms a pom aggregates (`<module>api</module>` → `api/pom.xml`), whether present or not. */
export function modulePomPaths(pom: Pom): string[] {
  return pom.modules.flatMap((module) => {
    const target = resolveRelative(parentDir(pom.path), module);
    return target === undefined ? [] : [target.endsWith('.xml') ? target : joinPath(target, 'pom.xml')];
  });
}

const devScopes = new Set(['test', 'provided']);

class MavenResolver {
  private readonly problems: ParseProblem[] = [];
  private readonly reported = new Set<string>();
  private readonly parents = new Map<string, Pom | undefined>();
  private readonly properties = new Map<string, Record<string, string>>();
  private readonly managedCache = new Map<string, Map<string, ManagedEntry>>();
  private readonly expanded = new Map<string, ReadonlyMap<string, Expansion>>();
  private references?: Map<string, number>;

  constructor(private readonly poms: ReadonlyMap<string, Pom>) {}

  resolveAll(): MavenProjects {
    const declarations = new Map<string, MavenDeclaration[]>();
    for (const pom of this.poms.values()) {
      declarations.set(pom.path, this.declarationsOf(pom));
    }
    const coordinates = new Map([...this.poms.values()].map((pom) => [pom.path, this.coordinatesOf(pom)]));
    const firstParty = new Set([...coordinates.values()].map((gav) => gav.split(':').slice(0, 2).join(':')));
    return { declarations, firstParty, coordinates, problems: this.problems };
  }

  private declarationsOf(pom: Pom): MavenDeclaration[] {
    const managed = this.managedOf(pom, []);
    // A parent or BOM outside the repository may manage what is left without a version: no extra problem then.
    const hasOutsideSource = this.hasOutsideParent(pom) || [pom, ...this.ancestorsOf(pom)].some((owner) => owner.managed.some((entry) => entry.scope === 'import'));
    const result: MavenDeclaration[] = [];
    for (const dependency of pom.dependencies) {
      const groupId = this.interpolate(pom, dependency.groupId, dependency.range);
      const artifactId = this.interpolate(pom, dependency.artifactId, dependency.range);
      if (!groupId?.isResolved || !artifactId?.isResolved) {
        this.report(pom.path, 'Dependency without a resolvable groupId and artifactId', dependency.range);
        continue;
      }
      const name = `${groupId.text}:${artifactId.text}`;
      const entry = managed.get(name);
      const written = this.interpolate(pom, dependency.version, dependency.range);
      const version = written ?? (entry?.version === undefined ? undefined : { text: entry.version, isResolved: !entry.version.includes('${') });
      const scopeText = this.interpolate(pom, dependency.scope, dependency.range)?.text ?? entry?.scope ?? 'compile';
      if (scopeText === 'import') {
        continue;
      }
      if (!version && !hasOutsideSource) {
        this.report(pom.path, `No version for ${name}: neither declared nor managed in the repository`, dependency.range);
      }
      const versionSource = this.versionSourceOf(pom, dependency.version, entry, hasOutsideSource);
      result.push({
        declared: { name, spec: version?.text ?? '', scope: scopeOf(scopeText, dependency), manifestPath: pom.path, range: dependency.range, ...(versionSource && { versionSource }) },
        version: version?.isResolved && !isVersionRange(version.text) ? version.text : undefined,
      });
    }
    return result;
  }

  /**
   * Where a dependency's version is set when its `<version>` is not a literal: a property (and the pom defining it,
   * the nearest up the parent chain), the dependencyManagement entry of this pom, a parent or an imported BOM, or a
   * parent or BOM outside the repository. Undefined for a literal version.
   */
  private versionSourceOf(pom: Pom, written: string | undefined, entry: ManagedEntry | undefined, hasOutsideSource: boolean): VersionSource | undefined {
    const property = written === undefined ? undefined : /^\s*\$\{([^}]+)\}\s*$/.exec(written)?.[1];
    if (property !== undefined) {
      return this.propertySource(pom, property, '');
    }
    if (written !== undefined) {
      return undefined;
    }
    if (!entry) {
      return hasOutsideSource
        ? { description: 'a parent or BOM outside the repository, which manages it', why: 'the version is set outside this repository; write a <version> here to override it' }
        : undefined;
    }
    const { pom: owner, range, bom } = entry.source;
    const where = bom !== undefined ? `the BOM ${bom} (${owner.path})` : owner === pom ? `the <dependencyManagement> of ${owner.path}` : `the <dependencyManagement> of the parent pom ${owner.path}`;
    const managedProperty = entry.source.written === undefined ? undefined : /^\s*\$\{([^}]+)\}\s*$/.exec(entry.source.written)?.[1];
    const bomWhy = 'the BOM sets the versions of the artifacts released with it: import a fixed BOM version, or write a <version> here to override it';
    if (managedProperty !== undefined) {
      // A BOM's entries are interpolated in the BOM's own context, a parent's in the inheriting pom's.
      const source = this.propertySource(bom !== undefined ? owner : pom, managedProperty, `, through ${where}`);
      return bom !== undefined ? { ...source, why: bomWhy } : source;
    }
    const location = { path: owner.path, range: { start: range.start, end: range.start } };
    return bom !== undefined
      ? { description: `${where}, line ${range.start.line + 1}`, why: bomWhy, location }
      : { description: `${where}, line ${range.start.line + 1}`, why: `the managed version applies to every module ${owner === pom ? 'of this pom' : 'inheriting it'}: change it there`, location };
  }

  /** How many dependency and dependencyManagement versions of all poms refer to each property, counted once. */
  private referenceCounts(): Map<string, number> {
    if (!this.references) {
      this.references = new Map();
      for (const dependency of [...this.poms.values()].flatMap((pom) => [...pom.dependencies, ...pom.managed])) {
        for (const [, name] of (dependency.version ?? '').matchAll(/\$\{([^}]+)\}/g)) {
          this.references.set(name!, (this.references.get(name!) ?? 0) + 1);
        }
      }
    }
    return this.references;
  }

  private propertySource(pom: Pom, property: string, through: string): VersionSource {
    const owner = [pom, ...this.ancestorsOf(pom)].find((candidate) => Object.hasOwn(candidate.properties, property));
    const reference = `\${${property}}`;
    if (!owner) {
      return { description: `the property ${reference}${through}, which no pom of the repository defines`, why: 'the version is set outside this repository (a parent pom or the build command)' };
    }
    const uses = this.referenceCounts().get(property) ?? 0;
    const line = owner.propertyLines?.[property];
    const at = line === undefined ? '' : ` line ${line + 1}`;
    const why = uses > 1
      ? `${uses} dependencies use ${reference}: raising it moves them all, so it is not done for you`
      : owner !== pom
        ? `it is defined in the parent pom ${owner.path}, which other modules may inherit`
        : 'it is not a version ASPM can raise in place';
    return { description: `the property ${reference}${through}, defined at ${owner.path}${at}`, why, ...(line !== undefined && { location: { path: owner.path, range: { start: { line, character: 0 }, end: { line, character: 0 } } } }) };
  }

  /** The in-repository parent of a pom; reports a parent that is declared but not in the repository. */
  private parentOf(pom: Pom): Pom | undefined {
    if (this.parents.has(pom.path)) {
      return this.parents.get(pom.path);
    }
    const declared = pom.parent;
    let parent: Pom | undefined;
    if (declared) {
      const relative = declared.relativePath ?? '../pom.xml';
      const target = relative === '' ? undefined : resolveRelative(parentDir(pom.path), relative);
      const candidatePath = target === undefined ? undefined : target.endsWith('.xml') ? target : joinPath(target, 'pom.xml');
      const matches = (candidate: Pom): boolean =>
        candidate.path !== pom.path && candidate.artifactId === declared.artifactId && (candidate.groupId ?? candidate.parent?.groupId) === declared.groupId;
      const candidate = candidatePath === undefined ? undefined : this.poms.get(candidatePath);
      parent = candidate && matches(candidate) ? candidate : [...this.poms.values()].find(matches);
      if (!parent) {
        this.report(pom.path, `Parent ${declared.groupId}:${declared.artifactId}:${declared.version} is not in the repository; what it defines (properties, managed versions) is unknown`, declared.range);
      }
    }
    this.parents.set(pom.path, parent);
    return parent;
  }

  /** Ancestors nearest first, stopping at a cycle. */
  private ancestorsOf(pom: Pom): Pom[] {
    const chain: Pom[] = [];
    const seen = new Set([pom.path]);
    for (let parent = this.parentOf(pom); parent && !seen.has(parent.path); parent = this.parentOf(parent)) {
      seen.add(parent.path);
      chain.push(parent);
    }
    return chain;
  }

  private hasOutsideParent(pom: Pom): boolean {
    const top = [pom, ...this.ancestorsOf(pom)].at(-1)!;
    return top.parent !== undefined && this.parentOf(top) === undefined;
  }

  /** Inherited and own properties plus the `project.*` built-ins of this pom. */
  private propertiesOf(pom: Pom): Record<string, string> {
    const cached = this.properties.get(pom.path);
    if (cached) {
      return cached;
    }
    const inherited = this.ancestorsOf(pom).reverse().reduce<Record<string, string>>((merged, ancestor) => ({ ...merged, ...ancestor.properties }), {});
    const builtIns: Record<string, string | undefined> = {
      'project.groupId': pom.groupId ?? pom.parent?.groupId,
      'project.artifactId': pom.artifactId,
      'project.version': pom.version ?? pom.parent?.version,
      'project.parent.groupId': pom.parent?.groupId,
      'project.parent.artifactId': pom.parent?.artifactId,
      'project.parent.version': pom.parent?.version,
    };
    for (const [key, value] of Object.entries({ ...builtIns })) {
      // `pom.*` and the bare names are deprecated aliases Maven 3 still resolves.
      builtIns[key.replace(/^project\./, 'pom.')] = value;
      if (!key.includes('parent')) {
        builtIns[key.replace(/^project\./, '')] = value;
      }
    }
    const defined = Object.fromEntries(Object.entries(builtIns).filter((entry): entry is [string, string] => entry[1] !== undefined));
    const result = { ...inherited, ...pom.properties, ...defined };
    this.properties.set(pom.path, result);
    return result;
  }

  /**
   * `${…}` references resolved in the pom's context; undefined for an absent value. A value that cannot be fully
   * resolved stays as written, and the first reason is reported once per pom at `reportAt`, if given.
   */
  private interpolate(pom: Pom, value: string | undefined, reportAt?: Range): { text: string; isResolved: boolean } | undefined {
    if (value === undefined) {
      return undefined;
    }
    const expanded = substituteReferences(value, this.expandedPropertiesOf(pom));
    const issue = expanded.issue ?? (expanded.isTooLong ? `A value expands to more than ${maxExpandedLength} characters` : undefined);
    if (issue !== undefined && reportAt) {
      this.report(pom.path, issue, reportAt, true);
    }
    return { text: issue === undefined ? expanded.text : value, isResolved: issue === undefined };
  }

  /** Every property of a pom with its references expanded, computed once per pom (see {@link expandProperties}). */
  private expandedPropertiesOf(pom: Pom): ReadonlyMap<string, Expansion> {
    let expanded = this.expanded.get(pom.path);
    if (!expanded) {
      expanded = expandProperties(this.propertiesOf(pom));
      this.expanded.set(pom.path, expanded);
    }
    return expanded;
  }

  /**
   * Effective dependencyManagement of a pom: inherited entries (nearest pom wins) and explicit entries first, then the
   * entries of imported BOMs found in the repository (an import never overrides an explicit entry).
   */
  private managedOf(pom: Pom, importing: string[]): Map<string, ManagedEntry> {
    const cached = this.managedCache.get(pom.path);
    if (cached) {
      return cached;
    }
    const managed = new Map<string, ManagedEntry>();
    const imports: { entry: PomDependency; owner: Pom }[] = [];
    for (const owner of [pom, ...this.ancestorsOf(pom)]) {
      for (const entry of owner.managed) {
        // Entries are interpolated in this pom's context (so a child's property overrides a parent's), but problems
        // are reported once, by the pom that writes the entry.
        const reportAt = owner === pom ? entry.range : undefined;
        const groupId = this.interpolate(pom, entry.groupId, reportAt)?.text;
        const artifactId = this.interpolate(pom, entry.artifactId, reportAt)?.text;
        const scope = this.interpolate(pom, entry.scope, reportAt)?.text;
        if (scope === 'import') {
          imports.push({ entry, owner });
          continue;
        }
        const key = `${groupId}:${artifactId}`;
        if (groupId && artifactId && !managed.has(key)) {
          managed.set(key, { version: this.interpolate(pom, entry.version, reportAt)?.text, scope, source: { pom: owner, range: entry.range, written: entry.version } });
        }
      }
    }
    for (const { entry, owner } of imports) {
      const reportAt = owner === pom ? entry.range : undefined;
      const coordinates = [entry.groupId, entry.artifactId, entry.version].map((value) => this.interpolate(pom, value, reportAt)?.text);
      const wanted = coordinates.join(':');
      const bom = [...this.poms.values()].find((candidate) => this.coordinatesOf(candidate) === wanted);
      if (!bom) {
        this.report(owner.path, `BOM ${coordinates.join(':')} is not in the repository; the versions it manages are unknown`, entry.range);
      } else if (!importing.includes(bom.path) && bom.path !== pom.path) {
        for (const [key, value] of this.managedOf(bom, [...importing, pom.path])) {
          if (!managed.has(key)) {
            managed.set(key, { ...value, source: { ...value.source, bom: value.source.bom ?? wanted } });
          }
        }
      }
    }
    if (importing.length === 0) {
      this.managedCache.set(pom.path, managed);
    }
    return managed;
  }

  /** `groupId:artifactId:version` of a pom, with inherited and interpolated parts. */
  private coordinatesOf(pom: Pom): string {
    const properties = this.propertiesOf(pom);
    const version = properties['project.version'];
    const resolvedVersion = this.interpolate(pom, version)?.text;
    return `${properties['project.groupId']}:${properties['project.artifactId']}:${resolvedVersion}`;
  }

  /** `isOncePerPom`: said at its first place only (a property used by many dependencies is one problem). */
  private report(path: string, message: string, range: Range, isOncePerPom = false): void {
    const key = isOncePerPom ? `${path}:${message}` : `${path}:${range.start.line}:${message}`;
    if (!this.reported.has(key)) {
      this.reported.add(key);
      this.problems.push({ path, message, range });
    }
  }
}

function scopeOf(scope: string, dependency: PomDependency): DependencyScope {
  if (devScopes.has(scope)) {
    return 'dev';
  }
  // compile, runtime, system, and unknown scopes too: never hide a package on a guess.
  return dependency.optional === 'true' ? 'optional' : 'prod';
}

/** `[1.0,2.0)`, `(,1.5]`, `[1.2]`: Maven version ranges, which only a resolver can turn into a version. */
function isVersionRange(version: string): boolean {
  return /^[[(]/.test(version);
}

/** A property value after expansion; `issue` says why it is not fully resolved (references then stay as written). */
interface Expansion {
  text: string;
  issue?: string;
}

/** Real poms nest a few references deep; a longer chain is generated or hostile. */
const maxReferenceDepth = 32;
/** Versions, group and artifact ids are short; a property expanding beyond this is not one of them. */
const maxExpandedLength = 1000;
const referencePattern = /\$\{([^}]+)\}/g;

/**
 * Expands every property of a pom in one pass (Kahn's order over the references between properties), so each value
 * is expanded once however often it is referenced: a chain of doubling references cannot blow up, and nothing
 * recurses. A property that refers to an unknown one, to a cycle, through more than {@link maxReferenceDepth}
 * levels or expands to more than {@link maxExpandedLength} characters keeps its `${…}` text and says why.
 */
function expandProperties(properties: Readonly<Record<string, string>>): Map<string, Expansion> {
  const names = Object.keys(properties);
  const referencesOf = new Map(names.map((name) => [name, [...new Set([...properties[name]!.matchAll(referencePattern)].map((match) => match[1]!))]]));
  const dependents = new Map<string, string[]>();
  const waitingFor = new Map<string, number>();
  for (const [name, references] of referencesOf) {
    const known = references.filter((reference) => referencesOf.has(reference));
    waitingFor.set(name, known.length);
    for (const reference of known) {
      const list = dependents.get(reference);
      if (list) {
        list.push(name);
      } else {
        dependents.set(reference, [name]);
      }
    }
  }
  const expanded = new Map<string, Expansion>();
  const depth = new Map<string, number>();
  const ready = names.filter((name) => waitingFor.get(name) === 0);
  while (ready.length > 0) {
    const name = ready.pop()!;
    const references = referencesOf.get(name)!;
    const level = 1 + references.reduce((deepest, reference) => Math.max(deepest, depth.get(reference) ?? 0), 0);
    depth.set(name, level);
    const reference = `\${${name}}`;
    const substituted = substituteReferences(properties[name]!, expanded);
    const isTooDeep = level > maxReferenceDepth;
    if (isTooDeep || substituted.isTooLong) {
      // The first problem met below is the one to fix; this property then only repeats it.
      const own = isTooDeep ? `Property ${reference} nests references more than ${maxReferenceDepth} levels deep` : `Property ${reference} expands to more than ${maxExpandedLength} characters`;
      expanded.set(name, { text: reference, issue: substituted.issue ?? own });
    } else {
      expanded.set(name, { text: substituted.issue === undefined ? substituted.text : reference, issue: substituted.issue });
    }
    for (const dependent of dependents.get(name) ?? []) {
      const left = waitingFor.get(dependent)! - 1;
      waitingFor.set(dependent, left);
      if (left === 0) {
        ready.push(dependent);
      }
    }
  }
  // What is left waits on a cycle: name the cycle each one runs into (first unexpanded reference, linear overall).
  const cycleOf = new Map<string, string>();
  for (const start of names.filter((name) => !expanded.has(name))) {
    const path: string[] = [];
    const onPath = new Map<string, number>();
    let current: string | undefined = start;
    while (current !== undefined && !cycleOf.has(current) && !onPath.has(current)) {
      onPath.set(current, path.length);
      path.push(current);
      current = referencesOf.get(current)!.find((reference) => referencesOf.has(reference) && !expanded.has(reference));
    }
    const cycle = current === undefined ? 'a reference cycle' : (cycleOf.get(current) ?? describeCycle(path.slice(onPath.get(current))));
    for (const name of path) {
      cycleOf.set(name, cycle);
    }
  }
  for (const [name, cycle] of cycleOf) {
    expanded.set(name, { text: `\${${name}}`, issue: `Circular property reference: ${cycle}` });
  }
  return expanded;
}

/** `${a} → ${b} → ${a}`, long cycles shortened. */
function describeCycle(cycle: readonly string[]): string {
  const shown = cycle.length > 8 ? [...cycle.slice(0, 8), '…'] : cycle;
  return [...shown, cycle[0]!].map((name) => (name === '…' ? name : `\${${name}}`)).join(' → ');
}

/**
 * Replaces each `${name}` of `text` with the expanded property; unknown names stay as written. Stops as soon as
 * the result passes {@link maxExpandedLength} (`isTooLong`), so no long string is ever built.
 */
function substituteReferences(text: string, expanded: ReadonlyMap<string, Expansion>): { text: string; issue?: string; isTooLong: boolean } {
  let result = '';
  let issue: string | undefined;
  let last = 0;
  for (const match of text.matchAll(referencePattern)) {
    const property = expanded.get(match[1]!);
    issue ??= property ? property.issue : `Unknown property ${match[0]}`;
    result += text.slice(last, match.index) + (property ? property.text : match[0]);
    last = match.index + match[0].length;
    if (result.length > maxExpandedLength) {
      return { text: result, issue, isTooLong: true };
    }
  }
  result += text.slice(last);
  return { text: result, issue, isTooLong: result.length > maxExpandedLength };
}
