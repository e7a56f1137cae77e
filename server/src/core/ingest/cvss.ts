import { Cvss2, Cvss3P0, Cvss3P1, Cvss4P0 } from 'ae-cvss-calculator';

export type CvssVersion = '2.0' | '3.0' | '3.1' | '4.0';

/** A CVSS base score computed from its vector. */
export interface CvssScore {
  version: CvssVersion;
  /**
   * 0.0–10.0, one decimal: the score of the base metrics alone (v4: CVSS-B). Threat, temporal and environmental
   * metrics in the vector are validated but left out, so that scores of every version and source compare.
   */
  baseScore: number;
  vector: string;
}

/** A scored vector, or why it is not a valid CVSS vector. */
export type CvssResult = { ok: true; value: CvssScore } | { ok: false; problem: string };

type Calculator = Cvss2 | Cvss3P0 | Cvss3P1 | Cvss4P0;

/** By vector prefix; a v2 vector normally has none. */
const calculators: readonly { prefix: string; version: CvssVersion; create: () => Calculator }[] = [
  { prefix: 'CVSS:4.0/', version: '4.0', create: () => new Cvss4P0() },
  { prefix: 'CVSS:3.1/', version: '3.1', create: () => new Cvss3P1() },
  { prefix: 'CVSS:3.0/', version: '3.0', create: () => new Cvss3P0() },
  { prefix: 'CVSS:2.0/', version: '2.0', create: () => new Cvss2() },
  { prefix: '', version: '2.0', create: () => new Cvss2() },
];

// Advisories repeat a few hundred vectors, and building a calculator costs far more than parsing (0.2–0.6 ms).
const scored = new Map<string, CvssResult>();
const maxRemembered = 2048;

/**
 * Scores a CVSS v2.0, v3.0, v3.1 or v4.0 vector (`CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H` → 9.8) with
 * ae-cvss-calculator, which follows FIRST's calculators. The metrics and values allowed are the calculator's; every
 * base metric must appear once with a defined value, and no metric twice. Never throws.
 */
export function parseCvss(vector: string): CvssResult {
  const trimmed = vector.trim();
  let result = scored.get(trimmed);
  if (!result) {
    result = score(trimmed);
    if (scored.size >= maxRemembered) {
      scored.clear();
    }
    scored.set(trimmed, result);
  }
  return result;
}

function score(vector: string): CvssResult {
  const calculator = calculators.find((candidate) => vector.startsWith(candidate.prefix));
  const body = vector.slice(calculator?.prefix.length ?? 0);
  if (!calculator || body === '' || (calculator.prefix === '' && /^CVSS:/.test(vector))) {
    return { ok: false, problem: `not a CVSS v2, v3.0, v3.1 or v4.0 vector: ${vector}` };
  }
  const cvss = calculator.create();
  const categories = [...cvss.getRegisteredComponents()];
  const components = new Map(categories.flatMap(([, list]) => list.map((component) => [component.shortName, component] as const)));
  const seen = new Set<string>();
  for (const part of body.split('/')) {
    const [key = '', value = '', extra] = part.split(':');
    const component = components.get(key);
    const metricValue = component?.values.find((candidate) => candidate.shortName === value);
    if (!component || !metricValue || extra !== undefined) {
      return { ok: false, problem: `invalid CVSS metric "${part}" in ${vector}` };
    }
    if (seen.has(key)) {
      return { ok: false, problem: `CVSS metric ${key} appears twice in ${vector}` };
    }
    seen.add(key);
    cvss.applyComponent(component, metricValue, false);
  }
  const baseMetrics = categories.find(([category]) => category.name === 'base')?.[1] ?? [];
  const missing = baseMetrics.filter((component) => !seen.has(component.shortName) || isUndefinedValue(cvss.getComponent(component).shortName));
  if (missing.length > 0) {
    return { ok: false, problem: `CVSS vector lacks base metric(s) ${missing.map((component) => component.shortName).join(', ')}: ${vector}` };
  }
  const scores = cvss.calculateScores();
  const baseScore = 'baseMetricsOnly' in scores ? scores.baseMetricsOnly : scores.base;
  if (baseScore === undefined) {
    return { ok: false, problem: `CVSS vector has no base score: ${vector}` };
  }
  return { ok: true, value: { version: calculator.version, baseScore, vector } };
}

/** `X` (v3, v4) and `ND` (v2) mean "not defined": no value for a base metric. */
function isUndefinedValue(shortName: string): boolean {
  return shortName === 'X' || shortName === 'ND';
}
