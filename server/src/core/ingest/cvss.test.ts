import { strict as assert } from 'node:assert';
import { parseCvssV3, roundUpCvss } from './cvss';

suite('core/ingest: CVSS v3 base score', () => {
  test('computes the FIRST base score of published vectors', () => {
    // Scores as published by NVD / the advisories named.
    const table: [vector: string, score: number][] = [
      ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 9.8],
      ['CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 9.8],
      ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H', 10.0],
      ['CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H', 9.9],
      ['CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:H/I:H/A:H', 9.6],
      ['CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H', 8.8],
      ['CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H', 8.8],
      ['CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H', 8.8],
      ['CVSS:3.1/AV:N/AC:H/PR:L/UI:N/S:C/C:H/I:H/A:H', 8.5], // GHSA-j9h8-phrw-h4fh, xstream
      ['CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H', 8.1],
      ['CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H', 7.8],
      ['CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H', 7.8],
      ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H', 7.5], // GHSA-hrpp-h998-j3pp, qs
      ['CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:H/A:H', 7.4], // GHSA-p6mc-m468-83gw, lodash
      ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:L/A:L', 7.3],
      ['CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H', 7.2],
      ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:L/I:L/A:N', 7.2],
      ['CVSS:3.1/AV:P/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 6.8],
      ['CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:N/I:H/A:N', 6.5],
      ['CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:N/A:N', 6.5],
      ['CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N', 6.1],
      ['CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N', 5.9],
      ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:L/I:N/A:N', 5.8],
      ['CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:N/I:N/A:H', 5.5],
      ['CVSS:3.1/AV:N/AC:L/PR:L/UI:R/S:C/C:L/I:L/A:N', 5.4],
      ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N', 5.3],
      ['CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N', 1.6],
      ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N', 0],
      // Temporal and environmental metrics do not change the base score.
      ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:U/RL:O/RC:C/CR:H/MAV:L', 9.8],
    ];
    for (const [vector, score] of table) {
      const result = parseCvssV3(vector);
      assert.ok(result.ok, `${vector}: ${result.ok ? '' : result.problem}`);
      assert.equal(result.value.baseScore, score, vector);
    }
  });

  test('metric order does not matter, the version is kept', () => {
    const result = parseCvssV3('CVSS:3.0/A:H/I:H/C:H/S:U/UI:N/PR:N/AC:L/AV:N');
    assert.deepEqual(result, { ok: true, value: { version: '3.0', baseScore: 9.8, vector: 'CVSS:3.0/A:H/I:H/C:H/S:U/UI:N/PR:N/AC:L/AV:N' } });
  });

  test('rejects what is not a complete v3 vector', () => {
    const invalid = [
      'AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
      'CVSS:2.0/AV:N/AC:L/Au:N/C:P/I:P/A:P',
      'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N',
      'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H',
      'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:X',
      'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/A:L',
      'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/XX:Y',
      'CVSS:3.1/AV:N:L/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
      '',
    ];
    for (const vector of invalid) {
      const result = parseCvssV3(vector);
      assert.equal(result.ok, false, vector);
    }
  });

  test('Roundup differs between v3.0 and v3.1 only on floating-point noise', () => {
    const table: [value: number, v30: number, v31: number][] = [
      [4.000000000000001, 4.1, 4.0],
      [4.02, 4.1, 4.1],
      [4.0, 4.0, 4.0],
      [7.39826, 7.4, 7.4],
      [0.01, 0.1, 0.1],
    ];
    for (const [value, v30, v31] of table) {
      assert.equal(roundUpCvss(value, '3.0'), v30, `3.0 ${value}`);
      assert.equal(roundUpCvss(value, '3.1'), v31, `3.1 ${value}`);
    }
  });
});
