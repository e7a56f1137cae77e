import { writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { buildEvidenceReport, type ReportContext } from '../core/export/evidenceReport';
import type { ExportInput } from '../core/export/exportInput';
import { renderReportHtml } from '../core/export/reportHtml';
import { renderReportMarkdown } from '../core/export/reportMarkdown';

/** Renders the evidence report and writes it to `out` (or stdout). */
export async function writeEvidenceReport(format: 'html' | 'md', input: ExportInput, context: ReportContext, out: string | undefined): Promise<void> {
  const report = buildEvidenceReport(input, context);
  const text = format === 'html' ? renderReportHtml(report) : renderReportMarkdown(report);
  if (out === undefined) {
    process.stdout.write(text);
    return;
  }
  await writeFile(path.resolve(out), text, 'utf8');
  process.stderr.write(`aspm: evidence report written to ${path.resolve(out)}\n`);
}
