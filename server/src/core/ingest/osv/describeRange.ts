import type { OsvAffected, OsvRange } from './osvAdvisory';
import { sortedEvents } from './isAffected';
import { rangeSchemeOf } from './rangeScheme';

/**
 * The affected intervals of a range as readable text: `>=1.0.0 <1.2.6`, `<4.17.20` (introduced "0"),
 * `>=2.0 <=2.3` (last_affected), `>=3.0` (no fix yet), `*` (every version). Empty for GIT and unsupported ranges.
 */
export function describeRange(range: OsvRange, ecosystem: string): string[] {
  const scheme = rangeSchemeOf(range.type, ecosystem);
  if (!scheme) {
    return [];
  }
  const intervals: string[] = [];
  let lower: string | undefined;
  for (const event of sortedEvents(range.events, scheme)) {
    if (event.kind === 'introduced' && lower === undefined) {
      lower = event.version;
    } else if ((event.kind === 'fixed' || event.kind === 'last_affected') && lower !== undefined) {
      intervals.push(interval(lower, `${event.kind === 'fixed' ? '<' : '<='}${event.version}`));
      lower = undefined;
    }
  }
  if (lower !== undefined) {
    const limit = sortedEvents(range.events, scheme).find((event) => event.kind === 'limit' && event.version !== '*');
    intervals.push(interval(lower, limit ? `<${limit.version}` : ''));
  }
  return intervals;
}

/** Every interval of every evaluable range of the entries, OR-ed with `||`; undefined when there is none. */
export function describeAffected(entries: readonly OsvAffected[]): string | undefined {
  const intervals = [...new Set(entries.flatMap((entry) => entry.ranges.flatMap((range) => describeRange(range, entry.ecosystem))))];
  return intervals.length > 0 ? intervals.join(' || ') : undefined;
}

function interval(lower: string, upper: string): string {
  return [lower === '0' ? '' : `>=${lower}`, upper].filter((part) => part !== '').join(' ') || '*';
}
