import type { ServiceControls } from '../core/controls/evaluateControls';
import type { Report } from './report';

/** What fails a CI run: a failing control, a surfaced finding, or nothing. */
export type Gate = 'policy' | 'surfaced' | 'none';

export function isGate(value: string): value is Gate {
  return value === 'policy' || value === 'surfaced' || value === 'none';
}

/** Whether the gate fails for this scan, and why in one line for the CI log. */
export function gateOutcome(gate: Gate, report: Pick<Report, 'summary'> & { controls: readonly ServiceControls[] }): { isFailed: boolean; reason: string } {
  if (gate === 'surfaced') {
    const surfaced = report.summary.surfaced;
    return { isFailed: surfaced > 0, reason: `${surfaced} surfaced finding${surfaced === 1 ? '' : 's'}` };
  }
  if (gate === 'policy') {
    const failing = report.controls.flatMap((service) => service.results.filter((result) => result.status === 'fail').map((result) => `${result.id} (${service.serviceName}): ${result.summary}`));
    return { isFailed: failing.length > 0, reason: `${failing.length} control${failing.length === 1 ? '' : 's'} fail${failing.length === 1 ? 's' : ''}: ${failing.join('; ')}` };
  }
  return { isFailed: false, reason: '' };
}
