import type { AnalyzedFinding, FixPlan, QuickFix } from '../model/analysis';
import type { Finding, SuggestedFix } from '../model/finding';
import { toPlainLine } from '../model/plainText';
import { protectedPathReason } from './editablePath';

/** Column that stands for "end of line" in edits whose scanner gave no end column; editors clamp it. */
const maxLineLength = 100_000;

/** Longest scanner description kept in a quick-fix title (the file list follows it). */
const maxDescriptionLength = 100;

/** The files each source reports findings in, per list of findings (one service's), built once per list. */
const reportedFilesCache = new WeakMap<readonly Finding[], ReadonlyMap<string, ReadonlySet<string>>>();

/**
 * The files each source (`sarif:reports/x.sarif`, `backend:svc-1`) reports findings in, among `findings`. A merged
 * finding counts for every source that reported it.
 */
export function reportedFilesBySource(findings: readonly Finding[]): ReadonlyMap<string, ReadonlySet<string>> {
  let bySource = reportedFilesCache.get(findings);
  if (!bySource) {
    const map = new Map<string, Set<string>>();
    for (const finding of findings) {
      const path = finding.location?.path;
      if (path === undefined) {
        continue;
      }
      for (const source of finding.sources) {
        let files = map.get(source);
        if (!files) {
          files = new Set();
          map.set(source, files);
        }
        files.add(path);
      }
    }
    bySource = map;
    reportedFilesCache.set(findings, bySource);
  }
  return bySource;
}

/**
 * The quick fix for the first fix a scanner, backend or built-in rule proposes for `finding`, or why it is withheld.
 * A scanner or backend fix may edit only the finding's own file and other files its source reports findings in
 * (among `serviceFindings`), never a protected path ({@link protectedPathReason}); a fix breaking that is withheld
 * whole, since part of a fix leaves broken code. Built-in rule fixes edit their own file by construction.
 * Scanner regions are 1-based; the plan's ranges are 0-based.
 */
export function suggestedQuickFix(finding: Finding, serviceFindings: readonly Finding[]): { fix?: QuickFix; withheld?: string } {
  const suggested = finding.suggestedFixes?.[0];
  if (!suggested || suggested.edits.length === 0) {
    return {};
  }
  const plan: FixPlan = {
    title: suggested.description,
    kind: 'suggested',
    edits: suggested.edits.map((edit) => ({
      path: edit.path,
      range: {
        start: { line: edit.startLine - 1, character: edit.startColumn - 1 },
        end: { line: edit.endLine - 1, character: Math.min(edit.endColumn - 1, maxLineLength) },
      },
      newText: edit.newText,
    })),
  };
  if (suggested.isBuiltIn) {
    return { fix: builtInQuickFix(plan) };
  }
  const withheld = scopeProblem(suggested, finding, serviceFindings);
  if (withheld !== undefined) {
    return { withheld };
  }
  const files = filesOf(plan);
  return { fix: { ...plan, title: `${cleanDescription(suggested.description)} (${files.join(', ')})`, origin: 'scanner', files, isPreferred: files.length === 1 } };
}

/** A fix ASPM computed itself (manifest upgrades, overrides, built-in IaC rules): preferred when it edits one file. */
export function builtInQuickFix(plan: FixPlan): QuickFix;
export function builtInQuickFix(plan: FixPlan | undefined): QuickFix | undefined;
export function builtInQuickFix(plan: FixPlan | undefined): QuickFix | undefined {
  if (!plan) {
    return undefined;
  }
  const files = filesOf(plan);
  return { ...plan, origin: 'built-in', files, isPreferred: files.length === 1 };
}

/**
 * The findings as an untrusted workspace may see them: scanner and backend fixes withheld (a repository can ship
 * the SARIF report that proposes them), built-in fixes kept.
 */
export function withoutScannerFixes(findings: readonly AnalyzedFinding[]): AnalyzedFinding[] {
  return findings.map((analyzed) =>
    analyzed.fix?.origin === 'scanner'
      ? { ...analyzed, fix: undefined, fixWithheld: 'scanner and backend fixes are not offered in an untrusted workspace' }
      : analyzed,
  );
}

function scopeProblem(suggested: SuggestedFix, finding: Finding, serviceFindings: readonly Finding[]): string | undefined {
  const ownFile = finding.location?.path;
  const reported = suggested.source !== undefined ? reportedFilesBySource(serviceFindings).get(suggested.source) : undefined;
  for (const edit of suggested.edits) {
    const refusal = protectedPathReason(edit.path);
    if (refusal !== undefined) {
      return refusal;
    }
    if (edit.path !== ownFile && !reported?.has(edit.path)) {
      return `it edits ${JSON.stringify(edit.path)}, a file its report has no finding in`;
    }
  }
  return undefined;
}

function filesOf(plan: FixPlan): string[] {
  return [...new Set(plan.edits.map((edit) => edit.path))];
}

/** A scanner's description as one short line: no escape sequences, control characters or line breaks. */
function cleanDescription(description: string): string {
  return toPlainLine(description, maxDescriptionLength) || 'Apply the suggested fix';
}
