import { strict as assert } from 'node:assert';
import { parseCvss } from './cvss';

/**
 * Where each expected score comes from: "NVD" rows are the base scores NVD publishes for the CVE named; "GHSA" rows
 * the GitHub advisory's; "guide" rows the examples of FIRST's CVSS v2 guide (§3.3); the other rows FIRST's own
 * calculators (the v3.x formula of the specification, the v4.0 reference calculator cvss-v4-calculator).
 */
suite('core/ingest: CVSS base scores (v2, v3.0, v3.1, v4.0)', () => {
  test('v3.1: published vectors get their published base score', () => {
    const table: [vector: string, score: number, source: string][] = [
      ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 9.8, 'NVD CVE-2014-6271 (Shellshock)'],
      ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H', 10.0, 'NVD CVE-2021-44228 (Log4Shell)'],
      ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N', 7.5, 'NVD CVE-2014-0160 (Heartbleed)'],
      ['CVSS:3.1/AV:N/AC:H/PR:L/UI:N/S:C/C:H/I:H/A:H', 8.5, 'GHSA-j9h8-phrw-h4fh (xstream)'],
      ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H', 7.5, 'GHSA-hrpp-h998-j3pp (qs)'],
      ['CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:H/A:H', 7.4, 'GHSA-p6mc-m468-83gw (lodash)'],
      ['CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H', 9.9, 'FIRST v3.1 calculator'],
      ['CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:H/I:H/A:H', 9.6, 'FIRST v3.1 calculator'],
      ['CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H', 8.8, 'FIRST v3.1 calculator'],
      ['CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H', 8.8, 'FIRST v3.1 calculator'],
      ['CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H', 8.8, 'FIRST v3.1 calculator'],
      ['CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H', 8.1, 'FIRST v3.1 calculator'],
      ['CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H', 7.8, 'FIRST v3.1 calculator'],
      ['CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H', 7.8, 'FIRST v3.1 calculator'],
      ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:L/A:L', 7.3, 'FIRST v3.1 calculator'],
      ['CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H', 7.2, 'FIRST v3.1 calculator'],
      ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:L/I:L/A:N', 7.2, 'FIRST v3.1 calculator'],
      ['CVSS:3.1/AV:P/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 6.8, 'FIRST v3.1 calculator'],
      ['CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:N/I:H/A:N', 6.5, 'FIRST v3.1 calculator'],
      ['CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:N/A:N', 6.5, 'FIRST v3.1 calculator'],
      ['CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N', 6.1, 'FIRST v3.1 calculator'],
      ['CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N', 5.9, 'FIRST v3.1 calculator'],
      ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:L/I:N/A:N', 5.8, 'FIRST v3.1 calculator'],
      ['CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:N/I:N/A:H', 5.5, 'FIRST v3.1 calculator'],
      ['CVSS:3.1/AV:N/AC:L/PR:L/UI:R/S:C/C:L/I:L/A:N', 5.4, 'FIRST v3.1 calculator'],
      ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N', 5.3, 'FIRST v3.1 calculator'],
      ['CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N', 1.6, 'FIRST v3.1 calculator'],
      ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N', 0, 'FIRST v3.1 calculator'],
      // Temporal and environmental metrics do not change the base score.
      ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:U/RL:O/RC:C/CR:H/MAV:L', 9.8, 'FIRST v3.1 calculator, base score'],
    ];
    assertScores(table, '3.1');
  });

  test('v3.0: published vectors get their published base score', () => {
    assertScores(
      [
        ['CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H', 10.0, 'NVD CVE-2017-5638 (Apache Struts)'],
        ['CVSS:3.0/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H', 8.1, 'NVD CVE-2017-0144 (EternalBlue)'],
        ['CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 9.8, 'FIRST v3.0 calculator'],
      ],
      '3.0',
    );
  });

  test('v2: published vectors get their published base score, with or without a prefix', () => {
    assertScores(
      [
        ['AV:N/AC:L/Au:N/C:P/I:N/A:N', 5.0, 'NVD CVE-2014-0160 (Heartbleed)'],
        ['AV:N/AC:L/Au:N/C:C/I:C/A:C', 10.0, 'NVD CVE-2014-6271 (Shellshock)'],
        ['AV:N/AC:M/Au:N/C:C/I:C/A:C', 9.3, 'NVD CVE-2021-44228 (Log4Shell)'],
        ['AV:N/AC:L/Au:N/C:N/I:N/A:C', 7.8, 'guide: CVE-2002-0392 (Apache chunked encoding)'],
        ['AV:L/AC:H/Au:N/C:C/I:C/A:C', 6.2, 'guide: CVE-2003-0062 (NOD32 buffer overflow)'],
        ['CVSS:2.0/AV:N/AC:L/Au:N/C:P/I:N/A:N', 5.0, 'NVD CVE-2014-0160, prefixed'],
        ['AV:N/AC:L/Au:N/C:P/I:N/A:N/E:U/RL:OF/RC:C', 5.0, 'temporal metrics do not change the base score'],
      ],
      '2.0',
    );
  });

  test('v4.0: vectors are scored (CVSS-B); threat and environmental metrics are left out', () => {
    assertScores(
      [
        ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N', 9.3, 'FIRST v4.0 calculator'],
        ['CVSS:4.0/AV:L/AC:L/AT:P/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N', 7.3, 'CVE-2022-41741 (nginx), as published; FIRST v4.0 calculator'],
        ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H', 10.0, 'FIRST v4.0 calculator'],
        ['CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N', 8.7, 'FIRST v4.0 calculator'],
        ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:H/SC:N/SI:N/SA:N', 8.7, 'FIRST v4.0 calculator'],
        ['CVSS:4.0/AV:N/AC:H/AT:N/PR:N/UI:N/VC:H/VI:N/VA:N/SC:N/SI:N/SA:N', 8.2, 'FIRST v4.0 calculator'],
        ['CVSS:4.0/AV:L/AC:L/AT:N/PR:H/UI:N/VC:N/VI:H/VA:N/SC:N/SI:N/SA:N', 6.7, 'FIRST v4.0 calculator'],
        ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:P/VC:N/VI:N/VA:N/SC:L/SI:L/SA:N', 5.3, 'FIRST v4.0 calculator'],
        ['CVSS:4.0/AV:L/AC:H/AT:N/PR:H/UI:N/VC:L/VI:N/VA:H/SC:L/SI:N/SA:L', 5.7, 'FIRST v4.0 calculator (half-up rounding of 5.65)'],
        ['CVSS:4.0/AV:P/AC:H/AT:P/PR:H/UI:A/VC:L/VI:N/VA:N/SC:N/SI:N/SA:N', 1.0, 'FIRST v4.0 calculator'],
        ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N', 0, 'FIRST v4.0 calculator'],
        // CVSS-BT would be 8.1 and CVSS-BE 8.5; exploitation is weighed by EPSS/KEV, the environment by exposure.
        ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:U', 9.3, 'FIRST v4.0 calculator, base metrics only'],
        ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/MAV:L/CR:L/S:P/AU:Y', 9.3, 'FIRST v4.0 calculator, base metrics only'],
      ],
      '4.0',
    );
  });

  test('metric order does not matter, the version and vector are kept', () => {
    const result = parseCvss(' CVSS:3.0/A:H/I:H/C:H/S:U/UI:N/PR:N/AC:L/AV:N ');
    assert.deepEqual(result, { ok: true, value: { version: '3.0', baseScore: 9.8, vector: 'CVSS:3.0/A:H/I:H/C:H/S:U/UI:N/PR:N/AC:L/AV:N' } });
  });

  test('rejects what is not a complete, well-formed vector, saying why', () => {
    const invalid: [vector: string, problem: RegExp][] = [
      ['AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', /invalid CVSS metric "PR:N"/], // v3 metrics without a prefix read as v2
      ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H', /lacks base metric\(s\) A:/],
      ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:X', /lacks base metric\(s\) A:/],
      ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/A:L', /metric A appears twice/],
      ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/XX:Y', /invalid CVSS metric "XX:Y"/],
      ['CVSS:3.1/AV:N:L/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', /invalid CVSS metric "AV:N:L"/],
      ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/', /invalid CVSS metric ""/],
      ['CVSS:4.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', /invalid CVSS metric "S:U"/], // a v3 vector with a v4 prefix
      ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N', /lacks base metric\(s\) SA:/],
      ['CVSS:2.0/AV:N/AC:L/Au:N/C:P/I:P', /lacks base metric\(s\) A:/],
      ['AV:N/AC:L/Au:ND/C:P/I:P/A:P', /lacks base metric\(s\) Au:/],
      ['CVSS:3.1/', /not a CVSS/],
      ['CVSS:9.9/AV:N', /not a CVSS/],
      ['', /not a CVSS/],
    ];
    for (const [vector, problem] of invalid) {
      const result = parseCvss(vector);
      assert.equal(result.ok, false, vector);
      assert.match(result.ok ? '' : result.problem, problem, vector);
    }
  });
});

function assertScores(table: readonly [vector: string, score: number, source: string][], version: string): void {
  for (const [vector, score, source] of table) {
    const result = parseCvss(vector);
    assert.ok(result.ok, `${vector}: ${result.ok ? '' : result.problem}`);
    assert.equal(result.value.baseScore, score, `${vector} (${source})`);
    assert.equal(result.value.version, version, vector);
  }
}
