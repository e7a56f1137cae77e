import { randomUUID } from 'node:crypto';
import { buildCycloneDx, withSerialNumber } from '../core/export/cyclonedx';
import type { ExportInput } from '../core/export/exportInput';
import { buildOpenVex } from '../core/export/openvex';

/** The CycloneDX 1.6 JSON of a workspace, with a fresh serial number (the one thing the pure builder leaves out). */
export function formatCycloneDx(input: ExportInput): string {
  return JSON.stringify(withSerialNumber(buildCycloneDx(input), `urn:uuid:${randomUUID()}`), null, 2);
}

/** The OpenVEX 0.2.0 JSON, or an error message when there is no statement to make (OpenVEX requires one). */
export function formatOpenVex(input: ExportInput): { text: string } | { error: string } {
  const document = buildOpenVex(input);
  return document
    ? { text: JSON.stringify(document, null, 2) }
    : { error: 'no vulnerability of an installed package to state: OpenVEX needs at least one statement (an SBOM: --format cyclonedx)' };
}
