import { strict as assert } from 'node:assert';
import type { ImportFact } from '../core/model/importFact';
import type { CallFact } from '../core/model/symbolFacts';

/**
 * Expectations that fixture files carry as whole-line comments (`//` or `#`), for the first following line that
 * is not itself an annotation (so `expect:` and `expect-call:` can stack):
 * - `expect: <package> <kind> [type-only] [local=imported, …]`, several facts separated by ` ; `, or `none`.
 *   Without the bracket part, bindings are not compared (older fixtures).
 * - `expect-call: <object>.<name>, <name>, …` or `none` (calls on values as {@link describeCall} writes them).
 */
export interface Annotations {
  imports: Map<number, string[]>;
  calls: Map<number, string[]>;
}

const annotationPattern = /^\s*(?:\/\/|#)\s*expect(-call)?:\s*(.*?)\s*$/;

export function readAnnotations(text: string): Annotations {
  const annotations: Annotations = { imports: new Map(), calls: new Map() };
  const lines = text.split('\n');
  let pending: { isCall: boolean; value: string }[] = [];
  lines.forEach((line, index) => {
    const match = annotationPattern.exec(line);
    if (match) {
      pending.push({ isCall: match[1] !== undefined, value: match[2] ?? '' });
      return;
    }
    for (const { isCall, value } of pending) {
      const target = isCall ? annotations.calls : annotations.imports;
      const items = value === 'none' ? [] : value.split(isCall ? ',' : ' ; ').map((item) => item.trim());
      target.set(index, [...(target.get(index) ?? []), ...items]);
    }
    pending = [];
  });
  return annotations;
}

/** `lodash import [_=default, m=merge]`, or without the bindings when `withBindings` is false. */
export function describeImport(fact: ImportFact, withBindings: boolean): string {
  const base = `${fact.packageName} ${fact.kind}${fact.isTypeOnly ? ' type-only' : ''}`;
  return withBindings ? `${base} [${(fact.bindings ?? []).map((binding) => `${binding.local}=${binding.imported}`).join(', ')}]` : base;
}

/**
 * `yaml.load` for a member call, `template` for a plain call; on values: `fiber.App.Get` (a value of a type of the
 * package `fiber`), `fiber.New().Get` (the result of a package function), `yaml.load via y` (an alias),
 * `Server.app.Get` (a field path followed across files; `(package).app.Get` from a package variable), `?.Get×2`
 * (values of unknown type, counted per name).
 */
export function describeCall(call: CallFact): string {
  const base = call.object === undefined ? call.name : `${call.object}.${call.name}`;
  const receiver = call.receiver;
  switch (receiver?.how) {
    case 'typed':
      return receiver.type === undefined ? base : `${call.object}.${receiver.type}.${call.name}`;
    case 'result':
      return `${call.object}.${receiver.of}().${call.name}`;
    case 'alias':
      return `${base} via ${receiver.text}`;
    case 'member':
      return [receiver.owner ?? '(package)', ...receiver.fields, call.name].join('.');
    case 'unknown':
      return `?.${call.name}×${receiver.count}`;
    default:
      return base;
  }
}

/**
 * Asserts that the facts found on each annotated line are the annotated ones (order-insensitive) and that no fact
 * was found on a line without an annotation.
 */
export function assertAnnotated(text: string, what: string, expected: Map<number, string[]>, actual: Map<number, string[]>): void {
  const lines = text.split('\n');
  for (const [line, items] of expected) {
    assert.deepEqual([...(actual.get(line) ?? [])].sort(), [...items].sort(), `${what}, line ${line + 1}: ${lines[line]}`);
  }
  const unexpected = [...actual.keys()].filter((line) => !expected.has(line)).map((line) => `${line + 1}: ${lines[line]} → ${actual.get(line)?.join(', ')}`);
  assert.deepEqual(unexpected, [], `every ${what} is annotated`);
}

/** Groups described facts by the 0-based line their range starts on. */
export function byLine<T extends { range: { start: { line: number } } }>(facts: readonly T[], describe: (fact: T) => string): Map<number, string[]> {
  const grouped = new Map<number, string[]>();
  for (const fact of facts) {
    grouped.set(fact.range.start.line, [...(grouped.get(fact.range.start.line) ?? []), describe(fact)]);
  }
  return grouped;
}

/**
 * Checks a fixture's imports and calls against its annotations. Import annotations without a bracket part are
 * compared without bindings.
 */
export function assertFixtureFacts(text: string, imports: readonly ImportFact[], calls: readonly CallFact[]): void {
  const annotations = readAnnotations(text);
  const withBindings = new Map<number, boolean>([...annotations.imports].map(([line, items]) => [line, items.every((item) => item.includes('['))]));
  const actualImports = byLine(imports, (fact) => describeImport(fact, withBindings.get(fact.range.start.line) ?? true));
  assertAnnotated(text, 'import', annotations.imports, actualImports);
  assertAnnotated(text, 'call', annotations.calls, byLine(calls, describeCall));
}
