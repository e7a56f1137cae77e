import type { ParseProblem } from '../../core/model/dependency';
import { parseSarifLog } from '../../core/ingest/sarif';
import type { SourceIndexer } from '../../engine/ports';

/** Problems listed per report at most; more collapse into a count so one broken report cannot flood the log. */
const maxProblemsPerFile = 3;

/**
 * Local SARIF reports: the files `isReportPath` accepts (the `aspm.sarif.paths` globs) become findings. `repoRootUri`
 * (the repository root as a `file://` URI) lets absolute artifact URIs of locally produced reports resolve.
 */
export function sarifIndexer(isReportPath: (path: string) => boolean, repoRootUri?: string): SourceIndexer {
  return {
    handles: (path) => isReportPath(path),
    index(path, text) {
      const parsed = parseSarifLog(text, path, { repoRootUri });
      return Promise.resolve({ findings: parsed.value ?? [], problems: summarize(parsed.problems) });
    },
  };
}

function summarize(problems: readonly ParseProblem[]): string[] {
  const messages = problems.map((problem) => problem.message);
  if (messages.length <= maxProblemsPerFile) {
    return messages;
  }
  const shown = messages.slice(0, maxProblemsPerFile - 1);
  return [...shown, `…and ${messages.length - shown.length} more problems in this report`];
}
