import type { CallsByPath } from '../model/workspaceIndex';
import type { Evidence } from '../model/analysis';
import type { ImportFact } from '../model/importFact';

/** Call sites listed as evidence at most. */
const maxCallEvidence = 5;

/** What the call sites say about a package's vulnerable functions. */
export type SymbolVerdict =
  | { kind: 'called'; evidence: Evidence[]; symbols: string[] }
  | { kind: 'not-called'; symbols: string[]; callsChecked: number }
  | { kind: 'unknown' };

/**
 * Whether first-party code calls one of a package's vulnerable functions: a member call on a binding of the whole
 * module (`_.template(…)`, `yaml.load(…)`, `language.Parse(…)`) or a call of a named import (`template(…)`).
 * Symbols may be qualified (`golang.org/x/text/language.Parse`, `yaml.load`): their last segment is what code calls.
 * `unknown` when the import sites carry no bindings (the language is not tracked), so nothing is claimed.
 */
export function findVulnerableCalls(sites: readonly ImportFact[], callsByPath: CallsByPath, vulnerableSymbols: readonly string[]): SymbolVerdict {
  const symbols = [...new Set(vulnerableSymbols.map((symbol) => symbol.split(/[.#:]/).pop() ?? symbol).filter(Boolean))];
  const tracked = sites.filter((site) => site.bindings !== undefined);
  if (symbols.length === 0 || tracked.length === 0) {
    return { kind: 'unknown' };
  }
  const evidence: Evidence[] = [];
  const hitSymbols = new Set<string>();
  let callsChecked = 0;
  for (const site of tracked) {
    const modules = new Set(site.bindings!.filter((binding) => binding.imported === '*' || binding.imported === 'default').map((binding) => binding.local));
    const named = new Map(site.bindings!.filter((binding) => symbols.includes(binding.imported)).map((binding) => [binding.local, binding.imported]));
    for (const call of callsByPath.get(site.path) ?? []) {
      callsChecked++;
      const symbol = call.object !== undefined ? (modules.has(call.object) && symbols.includes(call.name) ? call.name : undefined) : named.get(call.name);
      if (symbol === undefined) {
        continue;
      }
      hitSymbols.add(symbol);
      if (evidence.length < maxCallEvidence) {
        const callee = call.object !== undefined ? `${call.object}.${call.name}` : call.name;
        evidence.push({ kind: 'call', message: `${call.path}:${call.range.start.line + 1} calls ${callee}() (vulnerable: ${symbol})`, location: { path: call.path, range: call.range } });
      }
    }
  }
  return hitSymbols.size > 0 ? { kind: 'called', evidence, symbols: [...hitSymbols] } : { kind: 'not-called', symbols, callsChecked };
}
