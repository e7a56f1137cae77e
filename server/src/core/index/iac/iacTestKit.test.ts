// Shared helpers of the IaC tests (named *.test.ts so that it may use the real tree-sitter host, which core code may
// not import). It declares no suite.
import { strict as assert } from 'node:assert';
import { TreeSitterHost } from '../../../host/treeSitterHost';
import { wasmLocator } from '../../../host/wasmLocator';
import type { Finding } from '../../model/finding';
import { LineIndex } from '../../model/location';
import { analyzeIacFile, type IacAnalysis } from './analyzeIacFile';
import { iacToolFor } from './iacTool';
import { iacRules } from './rules/index';
import { terraformQuery } from './terraform';

let host: Promise<TreeSitterHost> | undefined;

/** One real tree-sitter host for every IaC test, so the terraform grammar loads once. */
export function treeSitterHost(): Promise<TreeSitterHost> {
  host ??= TreeSitterHost.create(wasmLocator(__dirname));
  return host;
}

/** Analyses a text as the indexer would, by its path's tool (Terraform through the real grammar). */
export async function analyzeText(path: string, text: string): Promise<IacAnalysis> {
  const tool = iacToolFor(path);
  assert.ok(tool, `${path} is not an IaC file`);
  if (tool === 'terraform') {
    return (await treeSitterHost()).withMatches('terraform', text, [terraformQuery], ([matches]) => analyzeIacFile(tool, path, text, matches ?? []));
  }
  return analyzeIacFile(tool, path, text);
}

/** What a fixture's annotations expect, by 0-based line: rule ids of findings and kinds of rule-less signals. */
export interface Annotations {
  findings: Map<number, string[]>;
  signals: Map<number, string[]>;
}

/**
 * Reads `# expect: <rule-id>[, <rule-id>]` and `# expect-signal: <kind>` comments. Consecutive annotations apply
 * to the next line that is not an annotation.
 */
export function annotationsOf(text: string): Annotations {
  const annotations: Annotations = { findings: new Map(), signals: new Map() };
  let pending: { findings: string[]; signals: string[] } = { findings: [], signals: [] };
  text.split('\n').forEach((line, index) => {
    const match = /^\s*#\s*expect(-signal)?:\s*(.+?)\s*$/.exec(line);
    if (match) {
      pending[match[1] ? 'signals' : 'findings'].push(...match[2]!.split(',').map((token) => token.trim()));
      return;
    }
    if (pending.findings.length > 0) {
      annotations.findings.set(index, pending.findings.sort());
    }
    if (pending.signals.length > 0) {
      annotations.signals.set(index, pending.signals.sort());
    }
    pending = { findings: [], signals: [] };
  });
  return annotations;
}

/**
 * Asserts that the findings and signals of an analysis are exactly those its fixture annotates: each finding's rule on
 * its first line, each signal's kind on its first line (a finding's annotation also stands for its rule's signal).
 */
export function assertMatchesAnnotations(text: string, analysis: IacAnalysis, label: string): void {
  const expected = annotationsOf(text);
  const actualFindings = new Map<number, string[]>();
  for (const finding of analysis.findings) {
    push(actualFindings, finding.location!.startLine! - 1, finding.ruleId!);
  }
  assert.deepEqual(sortedEntries(actualFindings), sortedEntries(expected.findings), `${label}: findings by 0-based line`);
  const expectedSignals = new Map<number, string[]>();
  for (const [line, kinds] of expected.signals) {
    kinds.forEach((kind) => push(expectedSignals, line, kind));
  }
  for (const [line, ruleIds] of expected.findings) {
    ruleIds.forEach((ruleId) => push(expectedSignals, line, iacRules.find((rule) => rule.id === ruleId)?.signalKind ?? `unknown rule ${ruleId}`));
  }
  const actualSignals = new Map<number, string[]>();
  for (const signal of analysis.signals) {
    push(actualSignals, signal.location.range.start.line, signal.kind);
  }
  assert.deepEqual(sortedEntries(actualSignals), sortedEntries(expectedSignals), `${label}: signals by 0-based line`);
}

/** Applies every suggested fix of the findings (1-based edits) to the text; fails on overlapping edits. */
export function applyFixes(text: string, findings: readonly Finding[]): string {
  const lines = new LineIndex(text);
  const edits = findings
    .flatMap((finding) => finding.suggestedFixes ?? [])
    .flatMap((fix) => fix.edits)
    .map((edit) => ({
      start: lines.offsetAt({ line: edit.startLine - 1, character: edit.startColumn - 1 }),
      end: lines.offsetAt({ line: edit.endLine - 1, character: edit.endColumn - 1 }),
      newText: edit.newText,
    }))
    .sort((a, b) => b.start - a.start || b.end - a.end);
  edits.forEach((edit, index) => {
    const next = edits[index - 1];
    assert.ok(!next || edit.end <= next.start, `edits overlap at offset ${edit.start}`);
  });
  return edits.reduce((current, edit) => current.slice(0, edit.start) + edit.newText + current.slice(edit.end), text);
}

function push(map: Map<number, string[]>, line: number, value: string): void {
  map.set(line, [...(map.get(line) ?? []), value]);
}

function sortedEntries(map: Map<number, string[]>): [number, string[]][] {
  return [...map.entries()].map(([line, values]): [number, string[]] => [line, [...values].sort()]).sort((a, b) => a[0] - b[0]);
}
