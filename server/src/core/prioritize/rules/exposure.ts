import type { DataClass } from '../../model/exposure';
import type { ScoringRule } from './scoringRule';

const pointsByDataClass: Record<DataClass, number> = { credentials: 3, payment: 3, health: 3, pii: 2, internal: 0 };

/**
 * Up to 15 points: internet-facing 6 (used by people outside the organization but not said internet-facing: 3),
 * deployed to production 4, sensitive data classes up to 5. Only for an asset
 * the service deploys: a test fixture or a script in the same repository gets 0, and the detail says why.
 */
export const exposureRule: ScoringRule = {
  id: 'exposure',
  label: 'Exposure',
  maxPoints: 15,
  score({ exposure, hasExposureData, iacInternetFacing, asset }) {
    if (!hasExposureData && !iacInternetFacing) {
      return { points: 0, detail: 'no exposure data for this service' };
    }
    const runtime: string[] = [];
    let points = 0;
    let iac: string | undefined;
    if (exposure.isInternetFacing) {
      points += 6;
      runtime.push('internet-facing');
    } else if (iacInternetFacing && exposure.isInternetFacing === undefined) {
      points += 6;
      iac = `internet-facing per its IaC (${iacInternetFacing})`;
    } else if (exposure.audience === 'external') {
      points += 3;
      runtime.push('used by people outside the organization');
    }
    const production = exposure.environments.find((environment) => environment.kind === 'production');
    if (production) {
      points += 4;
      runtime.push(`in production (${production.name})`);
    }
    const dataPoints = Math.min(5, exposure.dataClasses.reduce((sum, dataClass) => sum + (pointsByDataClass[dataClass] ?? 0), 0));
    if (exposure.dataClasses.length > 0) {
      points += dataPoints;
      runtime.push(`handles ${exposure.dataClasses.join(', ')}`);
    }
    if (asset && !asset.isDeployed) {
      const would = [iac, ...runtime].filter(Boolean).join('; ');
      return { points: 0, detail: `${asset.reason}: the service's exposure${would ? ` (${would})` : ''} does not apply` };
    }
    // The first runtime signal says where the exposure came from: which service, and how it deploys this asset.
    if (runtime.length > 0 && asset) {
      runtime[0] = `${runtime[0]} (runtime: ${asset.provenance})`;
    }
    const parts = [...(iac ? [iac] : []), ...runtime];
    return { points: Math.min(15, points), detail: parts.length > 0 ? parts.join('; ') : 'not internet-facing, no production or sensitive data signals' };
  },
};
