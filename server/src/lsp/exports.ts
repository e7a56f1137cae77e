import { randomUUID } from 'node:crypto';
import type { ExportParams, ExportResult } from '../../../shared/src/dto';
import { buildCycloneDx, withSerialNumber } from '../core/export/cyclonedx';
import { buildEvidenceReport, type ReportContext } from '../core/export/evidenceReport';
import type { ExportInput } from '../core/export/exportInput';
import { buildOpenVex } from '../core/export/openvex';
import { renderReportHtml } from '../core/export/reportHtml';
import { renderReportMarkdown } from '../core/export/reportMarkdown';

/** Builds the document `aspm/export` asks for, with a file name the save dialog proposes. */
export function exportDocument(params: ExportParams, input: ExportInput, context: ReportContext): ExportResult {
  const base = (input.repository.split('/').pop() || 'workspace').replace(/[^A-Za-z0-9._-]+/g, '-');
  const date = input.now.toISOString().slice(0, 10);
  switch (params.format) {
    case 'cyclonedx':
      return { content: JSON.stringify(withSerialNumber(buildCycloneDx(input), `urn:uuid:${randomUUID()}`), null, 2), suggestedFileName: `${base}.cdx.json` };
    case 'openvex': {
      const document = buildOpenVex(input);
      return document ? { content: JSON.stringify(document, null, 2), suggestedFileName: `${base}.openvex.json` } : { error: 'No vulnerability of an installed package to state: OpenVEX needs at least one statement.' };
    }
    case 'html':
      return { content: renderReportHtml(buildEvidenceReport(input, context)), suggestedFileName: `${base}-evidence-${date}.html` };
    case 'md':
      return { content: renderReportMarkdown(buildEvidenceReport(input, context)), suggestedFileName: `${base}-evidence-${date}.md` };
  }
}
