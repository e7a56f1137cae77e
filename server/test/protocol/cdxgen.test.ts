import { strict as assert } from 'node:assert';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { compareCoverage, locateCdxgen, packagePurls, runAspm, runCdxgen } from '../../bench/sbomCompare';
import { fixturePath, readFixture } from '../../src/test/fixtures';

/** cdxgen purls the aspm BOM rightly lacks, per workspace, with why (test-fixtures/cdxgen/known-differences.json). */
const known = (JSON.parse(readFixture('cdxgen', 'known-differences.json')) as { workspaces: Record<string, Record<string, string>> }).workspaces;

// Skipped unless cdxgen is installed (ASPM_CDXGEN=path/to/cdxgen, or cdxgen on PATH): it is not a dependency.
suite('cdxgen: the aspm BOM holds what cdxgen finds on the same lockfiles', function () {
  this.timeout(15 * 60_000);
  const cdxgen = locateCdxgen();

  suiteSetup(function () {
    if (!cdxgen) {
      this.skip();
    }
  });

  const totals = { cdxgen: 0, covered: 0 };
  for (const workspace of readdirSync(fixturePath('workspaces')).sort()) {
    test(`${workspace}: every cdxgen package purl is in the aspm BOM, or known-differences.json says why not`, () => {
      const copy = mkdtempSync(path.join(tmpdir(), 'aspm-cdxgen-'));
      try {
        const dir = path.join(copy, workspace);
        cpSync(fixturePath('workspaces', workspace), dir, { recursive: true });
        const theirs = runCdxgen(cdxgen!, dir);
        assert.ok(theirs.bom, `cdxgen: ${theirs.error}`);
        const ours = runAspm(dir);
        assert.ok(ours.bom, `aspm: ${ours.error}`);
        const coverage = compareCoverage(packagePurls(theirs.bom), packagePurls(ours.bom));
        const explained = known[workspace] ?? {};
        assert.deepEqual(coverage.missing.filter((purl) => explained[purl] === undefined), [], 'cdxgen purls missing from the aspm BOM without a known reason');
        totals.cdxgen += coverage.cdxgen;
        totals.covered += coverage.exact + coverage.resolved;
      } finally {
        rmSync(copy, { recursive: true, force: true });
      }
    });
  }

  test('over all sample workspaces, at least 99 % of cdxgen\'s package purls', () => {
    assert.ok(totals.cdxgen > 900, `cdxgen found ${totals.cdxgen} package purls`);
    assert.ok(totals.covered / totals.cdxgen >= 0.99, `${totals.covered} of ${totals.cdxgen}`);
  });
});
