import type { Log, Result, Run } from 'sarif';
import type { ParseProblem, Parsed } from '../model/dependency';
import type { Finding } from '../model/finding';
import { LineIndex, type Range } from '../model/location';
import { describeJsonSyntaxError } from './jsonSyntax';
import { asArray, asObject, asString, type Loose } from './sarif/json';
import { readResult, type RunContext } from './sarif/result';
import { readRunTool } from './sarif/rules';

/** Reports longer than this (in UTF-16 code units, so at least this many bytes) are not parsed. */
export const maxReportChars = 64 * 1024 * 1024;

/** How to read a report; every field is optional. */
export interface SarifOptions {
  /** `file://` URI of the repository root, to make absolute artifact URIs repository-relative. */
  repoRootUri?: string;
  /** Overrides {@link maxReportChars} (tests). */
  maxChars?: number;
}

/**
 * Reads a SARIF 2.1.0 log (every run, every tool) into findings whose `sources` name the report. Never throws: a
 * report that is too large, not text, not JSON (e.g. truncated) or not SARIF 2.1.0 gives no value and one problem;
 * a malformed run or result is skipped with a problem; a location outside the repository is dropped with a
 * problem. Unknown fields are ignored. Ids are `sarif:<tool>:<ruleId>:<fingerprint or path:line>`, made unique
 * within the log with a `#n` suffix.
 */
export function parseSarifLog(text: string, reportPath: string, options: SarifOptions = {}): Parsed<Finding[]> {
  const problems: ParseProblem[] = [];
  const report = (message: string, range?: Range): Parsed<Finding[]> => {
    problems.push({ path: reportPath, message, ...(range ? { range } : {}) });
    return { problems };
  };
  const limit = options.maxChars ?? maxReportChars;
  if (text.length > limit) {
    return report(`SARIF report is larger than ${Math.round(limit / 1024 / 1024)} MB; not read`);
  }
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.includes('\u0000')) {
    return report('SARIF report is not UTF-8 text (UTF-16 or binary?); not read');
  }
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    return report(`SARIF report is not valid JSON (truncated?): ${describeJsonSyntaxError(error)}`, errorRange(body, error as Error));
  }
  const log = asObject<Log>(json);
  if (!log) {
    return report('not a SARIF log: expected a JSON object');
  }
  const versionProblem = checkVersion(log);
  if (versionProblem !== undefined) {
    return report(versionProblem);
  }
  if (!Array.isArray(log.runs)) {
    return report('SARIF log has no "runs" array');
  }
  const findings = log.runs.flatMap((run, runIndex) => readRun(run, runIndex, reportPath, options, problems));
  return { value: uniqueIds(findings), problems };
}

/** Only 2.1.0 is read: 2.0 and the pre-release drafts differ in field names that matter (locations, rules). */
function checkVersion(log: Loose<Log>): string | undefined {
  const version = log.version;
  if (version === '2.1.0') {
    return undefined;
  }
  const schema = asString(log.$schema) ?? '';
  if (version === undefined && /sarif[-a-z]*-2\.1\.0/i.test(schema)) {
    return undefined;
  }
  return version === undefined ? 'not a SARIF 2.1.0 log: "version" is missing' : `SARIF version ${JSON.stringify(version)} is not supported; only 2.1.0 is read`;
}

function readRun(value: unknown, runIndex: number, reportPath: string, options: SarifOptions, problems: ParseProblem[]): Finding[] {
  const run = asObject<Run>(value);
  if (!run) {
    problems.push({ path: reportPath, message: `run ${runIndex + 1} is not an object; skipped` });
    return [];
  }
  const tool = readRunTool(run);
  const context: RunContext = {
    run,
    tool,
    uris: { baseIds: run.originalUriBaseIds, artifacts: run.artifacts, repoRootUri: options.repoRootUri },
    source: `sarif:${reportPath}`,
    runIndex,
  };
  return asArray(run.results).flatMap((entry, resultIndex) => {
    const result = asObject<Result>(entry);
    const where = `${tool.name} result ${resultIndex + 1}`;
    if (!result) {
      problems.push({ path: reportPath, message: `${where} is not an object; skipped` });
      return [];
    }
    const resultProblems: string[] = [];
    const finding = readResult(result, resultIndex, context, resultProblems);
    const ruleId = finding?.ruleId !== undefined ? ` (${finding.ruleId})` : '';
    problems.push(...resultProblems.map((message) => ({ path: reportPath, message: `${where}${ruleId}: ${message}` })));
    return finding ? [finding] : [];
  });
}

/** Several results may share rule and line (or fingerprint); later ones get `#2`, `#3`… so ids stay unique. */
function uniqueIds(findings: Finding[]): Finding[] {
  const used = new Set<string>();
  const nextSuffix = new Map<string, number>();
  for (const finding of findings) {
    const base = finding.id;
    let suffix = nextSuffix.get(base) ?? 2;
    while (used.has(finding.id)) {
      finding.id = `${base}#${suffix++}`;
    }
    nextSuffix.set(base, suffix);
    used.add(finding.id);
  }
  return findings;
}

/** Where a JSON syntax error is: its reported position, else the end of the text (truncated input). */
function errorRange(text: string, error: Error): Range {
  const position = /position (\d+)/.exec(error.message ?? '')?.[1];
  const offset = position !== undefined ? Math.min(Number(position), text.length) : text.length;
  return new LineIndex(text).rangeOf(offset, 0);
}
