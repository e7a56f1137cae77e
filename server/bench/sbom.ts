// SBOM benchmark: the aspm CLI and cdxgen on the same folders, package purl coverage and time side by side.
//   npm run bench -- --sbom [--dir DIR]... [--no-samples]     (or: node out/server/bench/sbom.js …)
// Runs on every sample workspace (test-fixtures/workspaces/*, unless --no-samples) and on each --dir (e.g. a clone
// of a real repository).
// cdxgen comes from ASPM_CDXGEN or `cdxgen` on PATH; see sbomCompare.ts.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { compareCoverage, locateCdxgen, packagePurls, runAspm, runCdxgen, type Coverage } from './sbomCompare';

const repoRoot = path.resolve(__dirname, '../../..');

interface SbomRow {
  name: string;
  coverage?: Coverage;
  cdxgenMs: number;
  aspmMs: number;
  error?: string;
}

/** Runs the comparison and prints one table; writes the rows to bench-results/sbom-<time>.json. */
export function runSbomBench(argv: readonly string[]): void {
  const cdxgen = locateCdxgen();
  if (!cdxgen) {
    process.stderr.write('cdxgen is not installed: set ASPM_CDXGEN to its binary, or install it (npm install --prefix /tmp/cdxgen @cyclonedx/cdxgen) and put it on PATH\n');
    process.exitCode = 2;
    return;
  }
  const dirs = argv.flatMap((arg, at) => (arg === '--dir' && argv[at + 1] ? [path.resolve(argv[at + 1]!)] : []));
  const samples = argv.includes('--no-samples')
    ? []
    : readdirSync(path.join(repoRoot, 'test-fixtures', 'workspaces'))
        .sort()
        .map((name) => path.join(repoRoot, 'test-fixtures', 'workspaces', name));
  const rows: SbomRow[] = [];
  for (const dir of [...samples, ...dirs]) {
    // Both tools read a copy: cdxgen may write next to the manifests, and the fixtures are read-only.
    const copy = mkdtempSync(path.join(tmpdir(), 'aspm-sbom-bench-'));
    const target = path.join(copy, path.basename(dir));
    try {
      cpSync(dir, target, { recursive: true, filter: (source) => !source.includes(`${path.sep}node_modules${path.sep}`) && !source.endsWith(`${path.sep}.git`) });
      const theirs = runCdxgen(cdxgen, target);
      const ours = runAspm(target);
      const error = theirs.error ? `cdxgen: ${theirs.error}` : ours.error ? `aspm: ${ours.error}` : undefined;
      rows.push({ name: path.basename(dir), cdxgenMs: theirs.ms, aspmMs: ours.ms, error, coverage: theirs.bom && ours.bom ? compareCoverage(packagePurls(theirs.bom), packagePurls(ours.bom)) : undefined });
      process.stderr.write(`  ${path.basename(dir)}: done\n`);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  }
  printTable(rows);
  const outDir = path.join(repoRoot, 'bench-results');
  mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, `sbom-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(rows, null, 2)}\n`);
  process.stdout.write(`\nwritten to ${path.relative(repoRoot, file)}\n`);
}

function printTable(rows: readonly SbomRow[]): void {
  const header = ['workspace', 'cdxgen purls', 'aspm purls', 'exact', '+resolved', 'coverage', 'cdxgen ms', 'aspm ms', 'speed-up'];
  const body = rows.map((row) => {
    const coverage = row.coverage;
    const share = coverage && coverage.cdxgen > 0 ? `${(((coverage.exact + coverage.resolved) / coverage.cdxgen) * 100).toFixed(1)} %` : coverage ? 'n/a (none)' : 'n/a';
    return [
      row.name,
      String(coverage?.cdxgen ?? '-'),
      String(coverage?.aspm ?? '-'),
      String(coverage?.exact ?? '-'),
      String(coverage?.resolved ?? '-'),
      share,
      row.cdxgenMs.toFixed(0),
      row.aspmMs.toFixed(0),
      `${(row.cdxgenMs / row.aspmMs).toFixed(1)}x`,
    ];
  });
  const widths = header.map((title, column) => Math.max(title.length, ...body.map((cells) => cells[column]!.length)));
  const line = (cells: string[]): string => cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ');
  process.stdout.write(`\nPackage purl coverage of cdxgen's BOM by aspm's (purls normalized: no qualifiers, decoded, lower case)\n`);
  process.stdout.write(`${line(header)}\n${body.map(line).join('\n')}\n`);
  for (const row of rows) {
    if (row.error) {
      process.stdout.write(`  ${row.name}: ${row.error}\n`);
    }
    if (row.coverage && row.coverage.missing.length > 0) {
      process.stdout.write(`  ${row.name}: not in the aspm BOM: ${row.coverage.missing.slice(0, 10).join(', ')}\n`);
    }
  }
  const covered = rows.reduce((sum, row) => sum + (row.coverage ? row.coverage.exact + row.coverage.resolved : 0), 0);
  const total = rows.reduce((sum, row) => sum + (row.coverage?.cdxgen ?? 0), 0);
  const time = rows.reduce((sum, row) => sum + row.cdxgenMs, 0) / Math.max(1, rows.reduce((sum, row) => sum + row.aspmMs, 0));
  process.stdout.write(`  all: ${covered} of ${total} cdxgen package purls (${((covered / Math.max(1, total)) * 100).toFixed(1)} %); cdxgen took ${time.toFixed(1)}x aspm's time\n`);
}

if (require.main === module) {
  runSbomBench(process.argv.slice(2));
}
