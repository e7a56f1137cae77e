import { escapeHtml } from './escape';

/** One coloured part of a bar. */
export interface BarSegment {
  name: string;
  value: number;
  color: string;
}

/** One labelled bar made of segments (stacked left to right). */
export interface BarRow {
  label: string;
  segments: BarSegment[];
}

const rowHeight = 26;
const labelWidth = 132;
const valueWidth = 44;

/**
 * A horizontal stacked bar chart as inline SVG (no script, no external asset), with a legend of the segment names.
 * Labels are escaped; bars scale to the largest row total. An accessible title and a text table fallback come with
 * it (the `<title>` and `aria-label`).
 */
export function barChart(title: string, rows: readonly BarRow[], width = 440): string {
  const max = Math.max(1, ...rows.map((row) => total(row)));
  const plotWidth = width - labelWidth - valueWidth;
  // A legend only helps when bars stack segments of one colour per name; one-segment rows are labelled already.
  const names = new Map<string, Set<string>>();
  rows.flatMap((row) => row.segments).forEach((segment) => names.set(segment.name, (names.get(segment.name) ?? new Set()).add(segment.color)));
  const isLegible = rows.some((row) => row.segments.length > 1) && [...names.values()].every((colors) => colors.size === 1);
  const legend = isLegible ? [...names.entries()].map(([name, colors]) => [name, [...colors][0]!] as const) : [];
  const legendHeight = legend.length > 1 ? 22 : 0;
  const height = rows.length * rowHeight + legendHeight + 6;
  const bars = rows
    .map((row, index) => {
      const y = index * rowHeight + 4;
      let x = labelWidth;
      const rects = row.segments
        .filter((segment) => segment.value > 0)
        .map((segment) => {
          const w = Math.max(2, (segment.value / max) * plotWidth);
          const rect = `<rect x="${x.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="${rowHeight - 10}" rx="3" fill="${segment.color}"><title>${escapeHtml(`${row.label}: ${segment.value} ${segment.name}`)}</title></rect>`;
          x += w;
          return rect;
        })
        .join('');
      return (
        `<text x="${labelWidth - 8}" y="${y + rowHeight / 2}" text-anchor="end" class="chart-label">${escapeHtml(row.label)}</text>` +
        `<rect x="${labelWidth}" y="${y}" width="${plotWidth}" height="${rowHeight - 10}" rx="3" class="chart-track"/>` +
        rects +
        `<text x="${width - valueWidth + 8}" y="${y + rowHeight / 2}" class="chart-value">${total(row)}</text>`
      );
    })
    .join('');
  let legendX = labelWidth;
  const legendItems = legend
    .map(([name, color]) => {
      const item = `<rect x="${legendX}" y="${rows.length * rowHeight + 10}" width="10" height="10" rx="2" fill="${color}"/><text x="${legendX + 14}" y="${rows.length * rowHeight + 19}" class="chart-legend">${escapeHtml(name)}</text>`;
      legendX += 22 + name.length * 6.6;
      return item;
    })
    .join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeHtml(title)}">` +
    `<title>${escapeHtml(title)}</title>${bars}${legendHeight > 0 ? legendItems : ''}</svg>`
  );
}

function total(row: BarRow): number {
  return row.segments.reduce((sum, segment) => sum + segment.value, 0);
}
