import { strict as assert } from 'node:assert';
import type { Finding } from '../model/finding';
import { mergeFindings } from './mergeFindings';

const origin = (source: string, id: string) => ({ source, kind: source.split(':')[0]!, id });

/** An SCA report of an advisory on a package, as a source words it. */
function report(source: string, id: string, name: string, version: string | undefined, advisory: string, aliases: string[] = []): Finding {
  const ecosystem = 'pypi';
  return {
    id,
    kind: 'sca',
    ruleId: advisory,
    aliases,
    title: advisory,
    severity: 'high',
    package: { ecosystem, name, version, purl: `pkg:${ecosystem}/${name}${version ? `@${version}` : ''}`, fixedVersions: version ? [] : ['5.4'], vulnerableRange: version ? undefined : '< 5.4' },
    sources: [source],
    origins: [origin(source, id)],
  };
}

suite('core/correlate/mergeFindings: one finding per advisory and package, whichever sources report it', () => {
  const dependencyTrack = report('dependency-track:dt', 'dt-1', 'pyyaml', '5.3.1', 'GHSA-8q59-q68h-6hv4', ['CVE-2020-14343']);
  const dependabot = report('github:acme/api', 'gh-1', 'PyYAML', undefined, 'GHSA-8q59-q68h-6hv4', ['CVE-2020-14343']);
  const dojoByCve = report('defectdojo:api', 'dd-1', 'PyYAML', '5.3.1', 'CVE-2020-14343');
  const cases: { name: string; findings: Finding[]; expect: { ids: string[]; origins: string[][]; versions: (string | undefined)[] } }[] = [
    {
      name: 'a versioned report, then a versionless one of the same advisory: one finding, both origins, the version kept',
      findings: [dependencyTrack, dependabot],
      expect: { ids: ['dt-1'], origins: [['dt-1', 'gh-1']], versions: ['5.3.1'] },
    },
    {
      name: 'the versionless report first: it learns the version (and the other learns its range)',
      findings: [dependabot, dependencyTrack],
      expect: { ids: ['gh-1'], origins: [['gh-1', 'dt-1']], versions: ['5.3.1'] },
    },
    {
      name: 'three sources, one naming the advisory by its CVE and the package in another case',
      findings: [dependencyTrack, dependabot, dojoByCve],
      expect: { ids: ['dt-1'], origins: [['dt-1', 'gh-1', 'dd-1']], versions: ['5.3.1'] },
    },
    {
      name: 'two installed versions of one package stay two findings; the versionless report joins the first',
      findings: [dependencyTrack, report('dependency-track:dt', 'dt-2', 'pyyaml', '5.1', 'GHSA-8q59-q68h-6hv4'), dependabot],
      expect: { ids: ['dt-1', 'dt-2'], origins: [['dt-1', 'gh-1'], ['dt-2']], versions: ['5.3.1', '5.1'] },
    },
    {
      name: 'another advisory on the same package is another finding',
      findings: [dependencyTrack, report('github:acme/api', 'gh-2', 'PyYAML', undefined, 'GHSA-rprw-h62v-c2w7')],
      expect: { ids: ['dt-1', 'gh-2'], origins: [['dt-1'], ['gh-2']], versions: ['5.3.1', undefined] },
    },
  ];
  for (const { name, findings, expect } of cases) {
    test(name, () => {
      const merged = mergeFindings(findings);
      assert.deepEqual(merged.map((finding) => finding.id), expect.ids);
      assert.deepEqual(merged.map((finding) => (finding.origins ?? []).map((item) => item.id)), expect.origins);
      assert.deepEqual(merged.map((finding) => finding.package?.version), expect.versions);
      assert.deepEqual(findings[0]!.origins?.length, 1, 'the inputs are not changed');
    });
  }

  test('a merged versionless report keeps the fixed versions and range a versioned one lacks', () => {
    const [merged] = mergeFindings([dependencyTrack, dependabot]);
    assert.deepEqual([merged!.package?.fixedVersions, merged!.package?.vulnerableRange, merged!.package?.purl], [['5.4'], '< 5.4', 'pkg:pypi/pyyaml@5.3.1']);
    assert.deepEqual(merged!.sources, ['dependency-track:dt', 'github:acme/api']);
  });
});
