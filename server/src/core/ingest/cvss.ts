/** A CVSS v3.x base score computed from its vector. */
export interface CvssV3 {
  version: '3.0' | '3.1';
  /** 0.0–10.0, one decimal. */
  baseScore: number;
  vector: string;
}

/** A parsed vector, or why it is not a valid CVSS v3.x vector. */
export type CvssV3Result = { ok: true; value: CvssV3 } | { ok: false; problem: string };

type Weights = Readonly<Record<string, number>>;

// Metric weights of the CVSS v3.1 specification §7.4 (unchanged from v3.0).
const attackVector: Weights = { N: 0.85, A: 0.62, L: 0.55, P: 0.2 };
const attackComplexity: Weights = { L: 0.77, H: 0.44 };
const privilegesUnchanged: Weights = { N: 0.85, L: 0.62, H: 0.27 };
const privilegesChanged: Weights = { N: 0.85, L: 0.68, H: 0.5 };
const userInteraction: Weights = { N: 0.85, R: 0.62 };
const impact: Weights = { H: 0.56, L: 0.22, N: 0 };

const baseMetricValues: Readonly<Record<string, readonly string[]>> = {
  AV: ['N', 'A', 'L', 'P'],
  AC: ['L', 'H'],
  PR: ['N', 'L', 'H'],
  UI: ['N', 'R'],
  S: ['U', 'C'],
  C: ['H', 'L', 'N'],
  I: ['H', 'L', 'N'],
  A: ['H', 'L', 'N'],
};

// Temporal and environmental metrics may follow the base ones; they are validated but do not change the base score.
const otherMetricValues: Readonly<Record<string, readonly string[]>> = {
  E: ['X', 'U', 'P', 'F', 'H'],
  RL: ['X', 'O', 'T', 'W', 'U'],
  RC: ['X', 'U', 'R', 'C'],
  CR: ['X', 'L', 'M', 'H'],
  IR: ['X', 'L', 'M', 'H'],
  AR: ['X', 'L', 'M', 'H'],
  MAV: ['X', 'N', 'A', 'L', 'P'],
  MAC: ['X', 'L', 'H'],
  MPR: ['X', 'N', 'L', 'H'],
  MUI: ['X', 'N', 'R'],
  MS: ['X', 'U', 'C'],
  MC: ['X', 'H', 'L', 'N'],
  MI: ['X', 'H', 'L', 'N'],
  MA: ['X', 'H', 'L', 'N'],
};

/**
 * Computes the base score of a CVSS v3.0/v3.1 vector (`CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H` → 9.8) with
 * the formula of the FIRST specification. Every base metric must appear exactly once; never throws.
 */
export function parseCvssV3(vector: string): CvssV3Result {
  const [prefix, ...parts] = vector.trim().split('/');
  const version = prefix === 'CVSS:3.1' ? '3.1' : prefix === 'CVSS:3.0' ? '3.0' : undefined;
  if (version === undefined) {
    return { ok: false, problem: `not a CVSS v3 vector (expected CVSS:3.0/ or CVSS:3.1/): ${vector}` };
  }
  const metrics = new Map<string, string>();
  for (const part of parts) {
    const [key = '', value = '', extra] = part.split(':');
    const allowed = baseMetricValues[key] ?? otherMetricValues[key];
    if (extra !== undefined || !allowed?.includes(value)) {
      return { ok: false, problem: `invalid CVSS metric "${part}" in ${vector}` };
    }
    if (metrics.has(key)) {
      return { ok: false, problem: `CVSS metric ${key} appears twice in ${vector}` };
    }
    metrics.set(key, value);
  }
  const missing = Object.keys(baseMetricValues).filter((key) => !metrics.has(key));
  if (missing.length > 0) {
    return { ok: false, problem: `CVSS vector lacks base metric(s) ${missing.join(', ')}: ${vector}` };
  }
  return { ok: true, value: { version, baseScore: baseScore(metrics, version), vector: vector.trim() } };
}

/** The base score formula of CVSS v3.1 §7.1; `metrics` holds every base metric with a valid value. */
function baseScore(metrics: ReadonlyMap<string, string>, version: CvssV3['version']): number {
  const weight = (table: Weights, key: string): number => table[metrics.get(key) ?? ''] ?? 0;
  const isScopeChanged = metrics.get('S') === 'C';
  const iss = 1 - (1 - weight(impact, 'C')) * (1 - weight(impact, 'I')) * (1 - weight(impact, 'A'));
  const impactSubScore = isScopeChanged ? 7.52 * (iss - 0.029) - 3.25 * Math.pow(iss - 0.02, 15) : 6.42 * iss;
  const exploitability =
    8.22 *
    weight(attackVector, 'AV') *
    weight(attackComplexity, 'AC') *
    weight(isScopeChanged ? privilegesChanged : privilegesUnchanged, 'PR') *
    weight(userInteraction, 'UI');
  if (impactSubScore <= 0) {
    return 0;
  }
  const sum = isScopeChanged ? 1.08 * (impactSubScore + exploitability) : impactSubScore + exploitability;
  return roundUpCvss(Math.min(sum, 10), version);
}

/**
 * The specification's Roundup: the smallest one-decimal number ≥ the input. v3.1 first rounds to 5 decimals so
 * that floating-point noise (4.000000000000001) does not bump the score a tenth; v3.0 rounds up directly.
 */
export function roundUpCvss(value: number, version: CvssV3['version']): number {
  if (version === '3.0') {
    return Math.ceil(value * 10) / 10;
  }
  const scaled = Math.round(value * 100000);
  return scaled % 10000 === 0 ? scaled / 100000 : (Math.floor(scaled / 10000) + 1) / 10;
}
