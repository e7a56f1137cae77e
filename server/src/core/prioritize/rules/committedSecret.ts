import type { Finding } from '../../model/finding';
import { secretClassOf } from '../../secrets/secretFinding';
import type { ScoringContext } from './scoringRule';

/**
 * How a committed secret scores on the terms that, for a vulnerability, measure how hard it is to use (exploitability)
 * and whether the code path runs (reachability). A secret needs neither an exploit nor a code path: whoever reads the
 * repository, or any copy of it, holds it. A private key or cloud key is therefore at least high, and critical when
 * the code it sits in is deployed to an internet-facing service (where that key is most likely live).
 */
type Factor = { points: number; detail: string };

const exploitabilityByClass = {
  key: { points: 20, detail: 'a committed key needs no exploit: whoever reads the repository, or a copy of it, can use it' },
  credential: { points: 14, detail: 'a committed credential needs no exploit: whoever reads the repository can use it, within its scope' },
  identifier: { points: 6, detail: 'an identifier, not usable without its secret' },
} as const;

/** Points of a committed key or credential in code an internet-facing service deploys: as bad as runtime-loaded. */
const internetFacingPoints = 25;
/** Points of a committed key or credential anywhere else: usable whatever code runs. */
const committedPoints = 16;

/** The exploitability factor of a secret finding, or undefined for any other kind. */
export function secretExploitability(finding: Finding): Factor | undefined {
  return finding.kind === 'secret' ? exploitabilityByClass[secretClassOf(finding)] : undefined;
}

/** The reachability factor of a secret finding, or undefined for any other kind. */
export function secretReachability({ finding, exposure, iacInternetFacing, asset }: ScoringContext): Factor | undefined {
  if (finding.kind !== 'secret') {
    return undefined;
  }
  if (secretClassOf(finding) === 'identifier') {
    return { points: 10, detail: 'an identifier committed to the repository' };
  }
  const facing = exposure.isInternetFacing === true ? 'runtime exposure' : exposure.isInternetFacing === undefined && iacInternetFacing ? `its IaC (${iacInternetFacing})` : undefined;
  if (facing && asset?.isDeployed !== false) {
    const provenance = asset?.isDeployed ? `; ${asset.provenance}` : '';
    return { points: internetFacingPoints, detail: `committed in code an internet-facing service deploys (per ${facing}${provenance}): the secret is likely live there` };
  }
  return { points: committedPoints, detail: 'committed to the repository: usable by whoever can read it, whatever code runs' };
}
