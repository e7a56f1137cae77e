import type { CodeRegion } from '../model/finding';

/** Where a scanner region is in the current text of its file. `line` is 1-based, like the region's. */
export interface Relocation {
  line: number;
  /** `exact`: still at the reported line; `moved`: found at `line` instead; `stale`: not found nearby. */
  status: 'exact' | 'moved' | 'stale';
}

/**
 * Re-locates a scanner region in a file edited since the scan, by its snippet. The snippet and the file are
 * compared with whitespace runs collapsed (indentation and reformatting do not count); a candidate line matches
 * when the text of as many lines as the snippet has, starting there, contains the snippet (so a one-token snippet,
 * such as a secret, matches inside its line). The reported line is tried first, then lines at distance 1, 2, … up
 * to `maxDistance`, below before above (edits above a finding push it down more often than up). Without a
 * snippet there is nothing to compare: `exact`. Not found: `stale` at the reported line.
 */
export function relocateRegion(region: CodeRegion, currentText: string, maxDistance = 50): Relocation {
  const reported = region.startLine ?? 1;
  const snippet = normalize(region.snippet ?? '');
  if (snippet === '') {
    return { line: reported, status: 'exact' };
  }
  const lines = currentText.split(/\r\n|\r|\n/);
  const span = (region.snippet ?? '').trim().split(/\r\n|\r|\n/).length;
  const matchesAt = (line: number): boolean => line >= 1 && line <= lines.length && normalize(lines.slice(line - 1, line - 1 + span).join('\n')).includes(snippet);
  const reach = Number.isFinite(maxDistance) ? Math.max(0, Math.floor(maxDistance)) : 0;
  for (let distance = 0; distance <= reach; distance++) {
    for (const line of distance === 0 ? [reported] : [reported + distance, reported - distance]) {
      if (matchesAt(line)) {
        return { line, status: distance === 0 ? 'exact' : 'moved' };
      }
    }
  }
  return { line: reported, status: 'stale' };
}

function normalize(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
