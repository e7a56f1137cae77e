import { isTestPath, type CallsByPath } from '../model/workspaceIndex';
import { maxSourceSiteFiles, type Evidence, type SourceSite } from '../model/analysis';
import type { ImportFact } from '../model/importFact';
import type { CallFact, CallReceiver, FieldFact, ImportBinding } from '../model/symbolFacts';
import { goChainResult, type GoResultType } from './goReturnTypes';
import { isClassLike, symbolLabel, type VulnerableCode, type VulnerableSymbol } from './vulnerableCode';

/** Call sites listed as evidence at most. */
const maxCallEvidence = 5;
/** Calls cited as checked at most (see {@link verdictOfScans}). */
const maxCheckedEvidence = 3;
/** What {@link verdictOfScans} cites at most of unchecked and of checked calls, over all files. */
export const scanEvidenceCaps = { unchecked: maxCallEvidence, checked: maxCheckedEvidence } as const;
/** Symbols named in a sentence at most; the rest are counted. */
const maxNamedSymbols = 6;

/** What the call sites say about a package's vulnerable functions. */
export type SymbolVerdict =
  /** A call reaches a vulnerable symbol; the evidence names each call's line and why it is that symbol. */
  | { kind: 'called'; evidence: Evidence[]; symbols: string[]; /** Every vulnerable call, in the first files by path. */ sites: SourceSite[] }
  /** Every call on the package was resolved and none is vulnerable; the evidence cites some of the calls checked. */
  | { kind: 'not-called'; symbols: string[]; callsChecked: number; evidence: Evidence[] }
  /** No resolved call is vulnerable, but calls named like a vulnerable method are on values of unknown type. */
  | { kind: 'unchecked'; symbols: string[]; callsChecked: number; unchecked: number; evidence: Evidence[] }
  /**
   * Nothing can be said: no symbols, untracked imports, a package vulnerable as a whole and never called, or names
   * imported by a wildcard (`reason` then says which).
   */
  | { kind: 'unknown'; reason?: string };

/** A call resolved to a package: which site, which binding, and what it calls there. */
interface ResolvedCall {
  call: CallFact;
  site: ImportFact;
  /** The called name in the package (`load` for `l(…)` after `from yaml import load as l`). */
  name: string;
  /** The type or class the call is made on, or the segment before the name (a module), for matching receivers. */
  before?: string;
  /** Whether `before` is a receiver type told by the code (Go: only then is a call a method call). */
  isMethodCall: boolean;
  /** Why the receiver is what it is, for the evidence: ` — app is a fiber.App (line 12)`. */
  because: string;
}

/**
 * Whether first-party code calls one of a package's vulnerable functions, through its import sites: member calls
 * on a binding of the whole module (`_.template(…)`, `yaml.load(…)`, `language.Parse(…)`), calls of named
 * imports (`template(…)`), and method calls on values whose type the code tells (`app.Get(…)` on a `*fiber.App`,
 * `xs.fromXML(…)` on an `XStream`, Go struct fields followed across the files of the package). Symbols are read by
 * {@link readVulnerableCode}: a method matches only a call on its receiver type. A value whose type is not written
 * (`app := fiber.New()`) is taken for the only type whose method of that name is listed vulnerable, and the
 * evidence says it was guessed. Calls named like a vulnerable method on values of unknown type make the verdict
 * `unchecked`, never `not-called`. `unknown` when the sites carry no bindings (the language is not tracked).
 */
export function findVulnerableCalls(sites: readonly ImportFact[], calls: CallsByPath, vulnerable: VulnerableCode): SymbolVerdict {
  const tracked = sites.filter((site) => site.bindings !== undefined);
  if (!hasSymbolsToFind(vulnerable) || tracked.length === 0) {
    return { kind: 'unknown' };
  }
  const scope = scanScope(tracked, calls, vulnerable);
  const sitesByPath = groupByPath(tracked);
  const paths = new Set(sitesByPath.keys());
  const scanned = vulnerable.ecosystem === 'golang' ? withPackageSiblings(paths, calls) : [...paths];
  return verdictOfScans(
    scanned.map((path) => scanFile(path, sitesByPath.get(path) ?? [], scope)),
    vulnerable,
    { isWholePackageImported: () => tracked.some((site) => vulnerable.wholePackages.includes(site.specifier)), wildcard: () => tracked.find(isWildcard) },
  );
}

/** Whether the vulnerable code names anything a call can reach (else the verdict on calls is `unknown`). */
export function hasSymbolsToFind(vulnerable: VulnerableCode): boolean {
  return vulnerable.symbols.length > 0 || (vulnerable.ecosystem === 'golang' && vulnerable.wholePackages.length > 0);
}

/**
 * One file's scan of its calls through its own tracked sites (those with bindings) of the package, for callers that
 * keep it while the file stays. Not for Go, whose calls are followed through the struct fields other files of the
 * folder declare (see {@link findVulnerableCalls}).
 */
export function scanFileCalls(path: string, trackedSites: readonly ImportFact[], calls: CallsByPath, vulnerable: VulnerableCode): FileCallScan {
  return scanFile(path, trackedSites, scanScope(trackedSites, calls, vulnerable));
}

/** Whether an import brings names in unqualified (Java `.*`, Python `from m import *`, Go dot imports). */
export function isWildcard(site: ImportFact): boolean {
  return site.bindings?.some((binding) => binding.local === '*' || binding.local === '.') === true;
}

function scanScope(tracked: readonly ImportFact[], calls: CallsByPath, vulnerable: VulnerableCode): ScanScope {
  return {
    methodNames: new Set(vulnerable.symbols.filter((symbol) => symbol.receiver !== undefined).map((symbol) => symbol.name)),
    ownSpecifiers: new Map(tracked.map((site) => [site.specifier, site])),
    fields: new PackageFields(calls),
    calls,
    vulnerable,
  };
}

/** What a verdict reads of all the tracked sites besides the scans (asked only when it gets that far). */
export interface TrackedSites {
  /** Go: whether a site imports a package the advisory lists as vulnerable as a whole. */
  isWholePackageImported(): boolean;
  /** The first site that imports by wildcard. */
  wildcard(): ImportFact | undefined;
}

/**
 * The verdict of the files' scans, taken in order under the overall caps: each file is scanned on its own, so a
 * caller may keep a file's scan while its facts and sites stay.
 */
export function verdictOfScans(scans: Iterable<FileCallScan>, vulnerable: VulnerableCode, tracked: TrackedSites): SymbolVerdict {
  const hits: Evidence[] = [];
  const hitSymbols = new Set<string>();
  const callSites: SourceSite[] = [];
  const siteFiles = new Set<string>();
  const checked: Evidence[] = [];
  const unchecked: Evidence[] = [];
  let callsChecked = 0;
  let uncheckedCount = 0;
  for (const scan of scans) {
    uncheckedCount += scan.uncheckedCount;
    callsChecked += scan.callsChecked;
    takeUpTo(unchecked, scan.unchecked, maxCallEvidence);
    takeUpTo(checked, scan.checked, maxCheckedEvidence);
    takeUpTo(hits, scan.hits, maxCallEvidence);
    scan.hitSymbols.forEach((symbol) => hitSymbols.add(symbol));
    for (const site of scan.hitSites) {
      if (siteFiles.has(site.location.path) || siteFiles.size < maxSourceSiteFiles) {
        siteFiles.add(site.location.path);
        callSites.push(site);
      }
    }
  }
  if (hitSymbols.size > 0) {
    return { kind: 'called', evidence: hits, symbols: [...hitSymbols], sites: callSites };
  }
  return concludeUncalled(tracked, vulnerable, { callsChecked, uncheckedCount, unchecked, checked });
}

/** What one file's calls say of a package's vulnerable functions (see {@link findVulnerableCalls}). */
export interface FileCallScan {
  uncheckedCount: number;
  callsChecked: number;
  /** At most as many as the whole verdict cites, in call order. */
  unchecked: Evidence[];
  checked: Evidence[];
  hits: Evidence[];
  hitSymbols: string[];
  /** Every vulnerable call of the file. */
  hitSites: SourceSite[];
}

/** What every file's scan of one package shares. */
interface ScanScope {
  methodNames: ReadonlySet<string>;
  ownSpecifiers: ReadonlyMap<string, ImportFact>;
  fields: PackageFields;
  calls: CallsByPath;
  vulnerable: VulnerableCode;
}

/** Scans the calls of one file through its own import sites of the package. */
function scanFile(path: string, fileSites: readonly ImportFact[], scope: ScanScope): FileCallScan {
  const { methodNames, ownSpecifiers, fields, calls, vulnerable } = scope;
  const scan: FileCallScan = { uncheckedCount: 0, callsChecked: 0, unchecked: [], checked: [], hits: [], hitSymbols: [], hitSites: [] };
  const noteUnchecked = (call: CallFact, count: number, what: string): void => {
    scan.uncheckedCount += count;
    if (scan.unchecked.length < maxCallEvidence) {
      scan.unchecked.push({ kind: 'note', message: `${where(call)} calls ${writtenCallee(call)}() on ${what}: not checked`, location: { path: call.path, range: call.range } });
    }
  };
  const locals = bindingsOf(fileSites);
  for (const call of calls.get(path) ?? []) {
    if (call.receiver?.how === 'unknown') {
      if (methodNames.has(call.name)) {
        noteUnchecked(call, call.receiver.count, call.receiver.count === 1 ? 'a value of unknown type' : `values of unknown type (${call.receiver.count} such calls in this file)`);
      }
      continue;
    }
    const resolved = call.receiver?.how === 'member' ? fields.resolve(call, ownSpecifiers) : resolveThroughBinding(call, locals, vulnerable.ecosystem);
    if (typeof resolved === 'object' && 'promotedFrom' in resolved) {
      if (methodNames.has(call.name)) {
        const embedded = resolved.promotedFrom;
        noteUnchecked(call, 1, `${call.receiver?.text ?? 'a value'}, whose ${resolved.owner} embeds ${embedded.type} of ${embedded.specifier} (${embedded.path}:${embedded.range.start.line + 1}) and may have its ${call.name}`);
      }
      continue;
    }
    if (resolved === 'unresolved') {
      if (methodNames.has(call.name)) {
        noteUnchecked(call, 1, `${call.receiver?.text ?? 'a value'}, whose type is not known`);
      }
      continue;
    }
    if (resolved === undefined) {
      continue;
    }
    scan.callsChecked++;
    const match = matchCall(resolved, vulnerable, calls);
    if (match === 'ambiguous') {
      noteUnchecked(call, 1, `${call.receiver?.text ?? 'a value'}, whose type is not written`);
      continue;
    }
    if (match === undefined) {
      if (scan.checked.length < maxCheckedEvidence) {
        scan.checked.push({ kind: 'note', message: `${where(call)} calls ${writtenCallee(call)}()${resolved.because}: not a listed vulnerable function`, location: { path: call.path, range: call.range } });
      }
      continue;
    }
    if (!scan.hitSymbols.includes(match.label)) {
      scan.hitSymbols.push(match.label);
    }
    scan.hitSites.push({ kind: 'call', location: { path: call.path, range: call.range }, symbol: match.label });
    if (scan.hits.length < maxCallEvidence) {
      scan.hits.push({ kind: 'call', message: `${where(call)} calls ${writtenCallee(call)}()${match.because} (vulnerable: ${match.label})`, location: { path: call.path, range: call.range } });
    }
  }
  return scan;
}

/** Appends items of `from` to `to` while it holds fewer than `cap`. */
function takeUpTo<T>(to: T[], from: readonly T[], cap: number): void {
  for (const item of from) {
    if (to.length >= cap) {
      return;
    }
    to.push(item);
  }
}

/** Sites by their file, in the order the files first appear. */
export function groupByPath(sites: readonly ImportFact[]): Map<string, ImportFact[]> {
  const byPath = new Map<string, ImportFact[]>();
  for (const site of sites) {
    const list = byPath.get(site.path);
    if (list) {
      list.push(site);
    } else {
      byPath.set(site.path, [site]);
    }
  }
  return byPath;
}

/** The verdict when no call reached a vulnerable symbol: unchecked calls, whole packages and wildcards leave it open. */
function concludeUncalled(
  tracked: TrackedSites,
  vulnerable: VulnerableCode,
  counts: { callsChecked: number; uncheckedCount: number; unchecked: Evidence[]; checked: Evidence[] },
): SymbolVerdict {
  const labels = [...new Set(vulnerable.symbols.map(symbolLabel))];
  if (counts.uncheckedCount > 0) {
    return { kind: 'unchecked', symbols: labels, callsChecked: counts.callsChecked, unchecked: counts.uncheckedCount, evidence: counts.unchecked };
  }
  if (vulnerable.ecosystem === 'golang' && tracked.isWholePackageImported()) {
    return { kind: 'unknown' }; // the whole package is vulnerable and imported: not calling it proves nothing
  }
  // Java `.*`, Python `from m import *` and Go dot imports bring names in unqualified: calls of them are not followed.
  const wildcard = tracked.wildcard();
  if (wildcard) {
    return { kind: 'unknown', reason: `${wildcard.path}:${wildcard.range.start.line + 1} imports ${wildcard.specifier} by wildcard, whose names are not followed` };
  }
  return { kind: 'not-called', symbols: labels, callsChecked: counts.callsChecked, evidence: counts.checked };
}

/**
 * The sentence a verdict adds to an `imported` summary, and its notes: `; the vulnerable X is not called` only when
 * every call was resolved; `; whether … is called is not known: …` when some could not be.
 */
export function describeSymbolVerdict(verdict: SymbolVerdict, packageName: string): { summary: string; notes: Evidence[] } {
  switch (verdict.kind) {
    case 'not-called':
      return {
        summary: `; the vulnerable ${listSymbols(verdict.symbols)} ${verdict.symbols.length === 1 ? 'is' : 'are'} not called`,
        notes: [{ kind: 'note', message: `vulnerable function ${listSymbols(verdict.symbols)} not called (${verdict.callsChecked} calls on ${packageName} checked); still imported, so kept at this tier` }, ...verdict.evidence],
      };
    case 'unchecked':
      return {
        summary: `; whether the vulnerable ${listSymbols(verdict.symbols)} ${verdict.symbols.length === 1 ? 'is' : 'are'} called is not known: ${verdict.unchecked} call${verdict.unchecked === 1 ? '' : 's'} on values of unknown type not checked`,
        notes: verdict.evidence,
      };
    case 'unknown':
      return verdict.reason === undefined ? { summary: '', notes: [] } : { summary: `; whether a vulnerable function is called is not known: ${verdict.reason}`, notes: [] };
    default:
      return { summary: '', notes: [] };
  }
}

/** `A, B and C`, or the first few and how many more. */
function listSymbols(symbols: readonly string[]): string {
  if (symbols.length <= maxNamedSymbols) {
    return symbols.length <= 1 ? (symbols[0] ?? '') : `${symbols.slice(0, -1).join(', ')} and ${symbols.at(-1)}`;
  }
  return `${symbols.slice(0, maxNamedSymbols - 1).join(', ')} and ${symbols.length - maxNamedSymbols + 1} more`;
}

function where(call: CallFact): string {
  return `${call.path}:${call.range.start.line + 1}`;
}

/** The callee as the code writes it. */
function writtenCallee(call: CallFact): string {
  return call.written ?? (call.object !== undefined ? `${call.object}.${call.name}` : call.name);
}

/** The import bindings of one file: local name → site and binding. */
function bindingsOf(sites: readonly ImportFact[]): Map<string, { site: ImportFact; binding: ImportBinding }> {
  const locals = new Map<string, { site: ImportFact; binding: ImportBinding }>();
  for (const site of sites) {
    for (const binding of site.bindings ?? []) {
      if (binding.local !== '*') {
        locals.set(binding.local, { site, binding });
      }
    }
  }
  return locals;
}

/** The non-test files of the Go packages (folders) holding these files: a value's type may be declared in any of them. */
function withPackageSiblings(paths: ReadonlySet<string>, calls: CallsByPath): string[] {
  const all = new Set(paths);
  for (const path of paths) {
    for (const sibling of calls.filesIn?.(folderOf(path)) ?? []) {
      if (sibling.endsWith('.go') && !isTestPath(sibling)) {
        all.add(sibling);
      }
    }
  }
  return [...all];
}

function folderOf(path: string): string {
  return path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
}

/**
 * Resolves a call made through an import binding of its file: which site and what it calls there. Undefined when
 * the call does not go through these sites' bindings; `unresolved` never (bindings are the file's own).
 */
function resolveThroughBinding(call: CallFact, locals: ReadonlyMap<string, { site: ImportFact; binding: ImportBinding }>, ecosystem: string): ResolvedCall | undefined {
  const isGo = ecosystem === 'golang';
  if (call.object === undefined) {
    const bound = locals.get(call.name);
    if (!bound) {
      return undefined;
    }
    if (isModuleBinding(bound.binding)) {
      // A module called as a function is the function it exports, named after the module: `lodash/template` and the
      // `lodash.template` package export `template`. Other modules (`require('debug')(…)`) name no symbol.
      const exported = ecosystem === 'npm' ? functionModuleName(bound.site.specifier) : undefined;
      if (exported === undefined) {
        return undefined;
      }
      const named = call.receiver === undefined && bound.binding.local !== exported ? ` — ${bound.binding.local} is ${bound.site.specifier} (line ${bound.site.range.start.line + 1}), its ${exported} function` : '';
      return { call, site: bound.site, name: exported, before: undefined, isMethodCall: false, because: named || aliasBecause(call) };
    }
    const segments = bound.binding.imported.split('.');
    const before = segments.at(-2) ?? (isGo ? undefined : lastModuleSegment(bound.site));
    const renamed = call.receiver === undefined && bound.binding.local !== segments.at(-1) ? ` — ${bound.binding.local} is ${bound.binding.imported} of ${bound.site.specifier} (line ${bound.site.range.start.line + 1})` : '';
    return { call, site: bound.site, name: segments.at(-1)!, before, isMethodCall: false, because: renamed || aliasBecause(call) };
  }
  // `yaml.constructor.SafeConstructor(…)` goes through the binding `yaml`; the rest of the chain is inside the module.
  const parts = call.object.split('.');
  for (let length = parts.length; length > 0; length--) {
    const bound = locals.get(parts.slice(0, length).join('.'));
    if (!bound) {
      continue;
    }
    const inside = parts.slice(length);
    const receiver = call.receiver;
    const imported = isModuleBinding(bound.binding) ? [] : bound.binding.imported.split('.');
    const path = [...imported, ...inside];
    if (receiver?.how === 'typed') {
      const before = receiver.type?.split('.').at(-1) ?? path.at(-1);
      return { call, site: bound.site, name: call.name, before, isMethodCall: true, because: ` — ${receiver.text} has type ${typeLabel(call.object, receiver.type)} (line ${receiver.line + 1})` };
    }
    if (receiver?.how === 'result') {
      const callee = receiver.of.includes('.') || receiver.of === call.object ? receiver.of : `${call.object}.${receiver.of}`;
      const value = receiver.text.includes('(') ? ` — on what ${callee}() returns` : ` — ${receiver.text} is what ${callee}() returns (line ${receiver.line + 1})`;
      return { call, site: bound.site, name: call.name, before: undefined, isMethodCall: true, because: value };
    }
    const before = path.at(-1) ?? (isGo ? undefined : lastModuleSegment(bound.site));
    return { call, site: bound.site, name: call.name, before, isMethodCall: !isGo && before !== undefined && isClassLike(before) && imported.length > 0, because: aliasBecause(call) };
  }
  return undefined;
}

function aliasBecause(call: CallFact): string {
  const receiver = call.receiver;
  if (receiver?.how !== 'alias') {
    return '';
  }
  const target = receiver.text === call.written ? `${call.object ?? ''}${call.object !== undefined ? '.' : ''}${call.name}` : (call.object ?? call.name);
  return ` — ${receiver.text} is ${target} (line ${receiver.line + 1})`;
}

/**
 * The function an npm module exports as a whole, when its name tells it: the last segment of a subpath
 * (`lodash/template`, `lodash/fp/template.js`), else the package's last dotted part (`lodash.template`), else the
 * package itself (`marked`). Undefined when that is not an identifier (`js-yaml`).
 */
export function functionModuleName(specifier: string): string | undefined {
  const segments = specifier.split('/');
  const packageLength = specifier.startsWith('@') ? 2 : 1;
  const last = segments.length > packageLength ? segments.at(-1)!.replace(/\.[cm]?js$/, '') : segments.at(-1)!.split('.').at(-1)!;
  return /^[A-Za-z_$][\w$]*$/.test(last) && last !== 'index' ? last : undefined;
}

function isModuleBinding(binding: ImportBinding): boolean {
  return binding.imported === '*' || binding.imported === 'default';
}

/** The module's own last name (`yaml`, `Image` of `PIL.Image`); npm and Go specifiers are one segment. */
function lastModuleSegment(site: ImportFact): string | undefined {
  return site.specifier.includes('/') ? undefined : site.specifier.split('.').at(-1);
}

function typeLabel(object: string, type: string | undefined): string {
  return type === undefined ? object : `${object}.${type}`;
}

/**
 * Which vulnerable symbol a resolved call is, with why; `ambiguous` when the receiver's type is not written and
 * several listed types have a method of that name.
 */
function matchCall(resolved: ResolvedCall, vulnerable: VulnerableCode, calls: CallsByPath): { label: string; because: string } | 'ambiguous' | undefined {
  const isGo = vulnerable.ecosystem === 'golang';
  const specifier = resolved.site.specifier;
  if (isGo && vulnerable.wholePackages.includes(specifier)) {
    return { label: `${resolved.name} (every function of ${specifier} is listed)`, because: resolved.because };
  }
  const inPackage = vulnerable.symbols.filter((symbol) => symbol.name === resolved.name && (!isGo || symbol.scope === undefined || symbol.scope === specifier));
  const receiver = resolved.call.receiver;
  if (receiver?.how === 'result') {
    const chain = receiver.chain ?? (receiver.of.includes('.') ? undefined : [receiver.of]);
    const known = isGo && chain ? goChainResult(specifier, chain, calls.goResultTypes?.(specifier)) : undefined;
    if (known) {
      return matchKnownResult(known, inPackage, resolved);
    }
    const guess = guessResultType(receiver.of, inPackage, vulnerable.symbols);
    if (guess === 'ambiguous' || guess === undefined) {
      return guess;
    }
    const symbol = inPackage.find((candidate) => candidate.receiver === guess.type)!;
    return { label: symbolLabel(symbol), because: `${resolved.because}; its type is not written, taken for ${resolved.call.object}.${guess.type} ${guess.why}` };
  }
  const symbol = inPackage.find((candidate) => symbolMatches(candidate, resolved, isGo));
  return symbol ? { label: symbolLabel(symbol), because: resolved.because } : undefined;
}

/**
 * A call on a value whose type a known signature tells (`fiber.New()` returns `*App`): the vulnerable method when
 * every type the value may have (several for an interface result) has it listed, itself or by an embedded type;
 * surely not when none has; not checked otherwise.
 */
function matchKnownResult(known: GoResultType, inPackage: readonly VulnerableSymbol[], resolved: ResolvedCall): { label: string; because: string } | 'ambiguous' | undefined {
  const receiver = resolved.call.receiver as Extract<CallReceiver, { how: 'result' }>;
  const object = resolved.call.object ?? '';
  const listedOn = (type: { name: string; embeds: string[] }): VulnerableSymbol | undefined =>
    inPackage.find((symbol) => symbol.receiver !== undefined && (symbol.receiver === type.name || type.embeds.includes(symbol.receiver)));
  const found = known.types.map(listedOn);
  if (found.every((symbol) => symbol === undefined)) {
    return undefined;
  }
  if (found.some((symbol) => symbol === undefined)) {
    return 'ambiguous';
  }
  const returns = receiver.of.includes('.') ? `${receiver.of}()` : `${object}.${receiver.of}()`;
  const concrete = known.types.length === 1 ? '' : ` (a ${known.types.map((type) => `${object}.${type.name}`).join(' or a ')}, each with a vulnerable ${resolved.name})`;
  return { label: found.map((symbol) => symbolLabel(symbol!)).join(' or '), because: `${resolved.because}; ${returns} returns ${known.types.length === 1 ? '*' : ''}${object}.${known.name}${concrete}` };
}

function symbolMatches(symbol: VulnerableSymbol, resolved: ResolvedCall, isGo: boolean): boolean {
  if (symbol.receiver !== undefined) {
    return resolved.before === symbol.receiver && (!isGo || resolved.isMethodCall);
  }
  if (isGo) {
    return !resolved.isMethodCall;
  }
  // A bare name from a backend (`fromXML`) matches by name; a qualified function (`yaml.load`) not a class's method.
  return symbol.scope === undefined || !resolved.isMethodCall;
}

/**
 * The type of a value returned by `pkg.of(…)` when the file does not write it, from the listed methods called
 * `name` (`candidates`): `of` itself when it names a listed type (a conversion), `X` for a `NewX` constructor, else
 * the only listed type with such a method. `ambiguous` (not checked) when that cannot be told; undefined when no
 * listed type has a method of that name.
 */
function guessResultType(of: string, candidates: readonly VulnerableSymbol[], all: readonly VulnerableSymbol[]): { type: string; why: string } | 'ambiguous' | undefined {
  const types = [...new Set(candidates.map((symbol) => symbol.receiver).filter((type): type is string => type !== undefined))];
  if (types.length === 0) {
    return undefined;
  }
  if (types.includes(of)) {
    return { type: of, why: `(${of}(…) converts to it)` };
  }
  const constructed = /^New([A-Z]\w*)$/.exec(of)?.[1];
  if (constructed !== undefined && all.some((symbol) => symbol.receiver === constructed)) {
    // A guess that it is another listed type is no proof that this method is not reached: left unchecked.
    return types.includes(constructed) ? { type: constructed, why: `by the New${constructed} naming convention` } : 'ambiguous';
  }
  return types.length === 1 ? { type: types[0]!, why: `as ${types[0]} is the only listed type with a vulnerable ${candidates[0]!.name}` } : 'ambiguous';
}

/** Go struct fields and package variables of the folders read so far, to follow `s.app.Get(…)` to `app *fiber.App`. */
class PackageFields {
  private readonly byFolder = new Map<string, Map<string, FieldFact>>();

  constructor(private readonly calls: CallsByPath) {}

  /**
   * The package site and type a `member` receiver leads to: undefined when it ends at a first-party type or at a
   * package this advisory is not about, `unresolved` when a field along the way is not found.
   */
  resolve(call: CallFact, ownSpecifiers: ReadonlyMap<string, ImportFact>): ResolvedCall | { owner: string; promotedFrom: FieldFact } | 'unresolved' | undefined {
    const receiver = call.receiver;
    if (receiver?.how !== 'member') {
      return undefined;
    }
    const fields = this.fieldsIn(folderOf(call.path), call.path);
    let owner = receiver.owner;
    let fact: FieldFact | undefined;
    for (const [index, name] of receiver.fields.entries()) {
      fact = fields.get(`${owner ?? ''}.${name}`);
      if (!fact) {
        return 'unresolved';
      }
      if (fact.specifier !== undefined && index < receiver.fields.length - 1) {
        return 'unresolved'; // a field of another package's struct: its fields are not indexed
      }
      owner = fact.type;
    }
    if (!fact || fact.specifier === undefined) {
      // A first-party type: its methods are not the package's, except those promoted from an embedded field of it.
      const embedded = owner === undefined ? undefined : this.embeddedIn(owner, folderOf(call.path), ownSpecifiers);
      return embedded && owner !== undefined ? { owner, promotedFrom: embedded } : undefined;
    }
    const site = ownSpecifiers.get(fact.specifier);
    if (!site) {
      return undefined;
    }
    const packageName = site.bindings?.[0]?.local ?? fact.specifier;
    const declared = `${fact.owner !== undefined ? `field ${fact.name} of ${fact.owner}` : `package variable ${fact.name}`} (${fact.path}:${fact.range.start.line + 1})`;
    if (fact.isResult) {
      const asResult: CallFact = { ...call, object: packageName, receiver: { how: 'result', text: receiver.text, of: fact.type, line: fact.range.start.line } };
      return { call: asResult, site, name: call.name, isMethodCall: true, because: ` — ${receiver.text} is ${declared}, what ${packageName}.${fact.type}() returns` };
    }
    return { call, site, name: call.name, before: fact.type, isMethodCall: true, because: ` — ${receiver.text} is ${declared}, of type ${packageName}.${fact.type}` };
  }

  /** An embedded field of a first-party struct whose type is of one of these packages. */
  private embeddedIn(owner: string, folder: string, ownSpecifiers: ReadonlyMap<string, ImportFact>): FieldFact | undefined {
    return [...this.fieldsIn(folder, '').values()].find((field) => field.owner === owner && field.isEmbedded === true && field.specifier !== undefined && ownSpecifiers.has(field.specifier));
  }

  /** Fields of the package in a folder, keyed `Owner.field` (`.name` for package variables). */
  private fieldsIn(folder: string, fallbackPath: string): Map<string, FieldFact> {
    let fields = this.byFolder.get(folder);
    if (!fields) {
      fields = new Map();
      const paths = this.calls.filesIn?.(folder) ?? [fallbackPath];
      for (const path of paths.filter((candidate) => candidate.endsWith('.go'))) {
        for (const fact of this.calls.fieldsOf?.(path) ?? []) {
          fields.set(`${fact.owner ?? ''}.${fact.name}`, fact);
        }
      }
      this.byFolder.set(folder, fields);
    }
    return fields;
  }
}
