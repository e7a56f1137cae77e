import { withoutScannerFixes } from '../core/fixes/suggestedFix';
import type { Analysis } from '../engine/ports';

const views = new WeakMap<Analysis, Analysis>();

/**
 * The analysis as an untrusted workspace shows it: scanner and backend fixes withheld (with the reason in the
 * hover), built-in fixes kept. Memoized per analysis, which the engine itself memoizes by revision.
 */
export function untrustedView(analysis: Analysis): Analysis {
  let view = views.get(analysis);
  if (!view) {
    view = { ...analysis, services: analysis.services.map((service) => ({ ...service, findings: withoutScannerFixes(service.findings) })) };
    views.set(analysis, view);
  }
  return view;
}
