import type { DataClass } from '../../model/exposure';
import type { ScoringRule } from './scoringRule';

const pointsByDataClass: Record<DataClass, number> = { credentials: 3, payment: 3, health: 3, pii: 2, internal: 0 };

/** Up to 15 points: internet-facing 6, deployed to production 4, sensitive data classes up to 5. */
export const exposureRule: ScoringRule = {
  id: 'exposure',
  label: 'Exposure',
  maxPoints: 15,
  score({ exposure, hasExposureData, iacInternetFacing }) {
    if (!hasExposureData && !iacInternetFacing) {
      return { points: 0, detail: 'no exposure data for this service' };
    }
    const parts: string[] = [];
    let points = 0;
    if (exposure.isInternetFacing) {
      points += 6;
      parts.push('internet-facing');
    } else if (iacInternetFacing && exposure.isInternetFacing === undefined) {
      points += 6;
      parts.push(`internet-facing per its IaC (${iacInternetFacing})`);
    }
    const production = exposure.environments.find((environment) => environment.kind === 'production');
    if (production) {
      points += 4;
      parts.push(`in production (${production.name})`);
    }
    const dataPoints = Math.min(5, exposure.dataClasses.reduce((sum, dataClass) => sum + (pointsByDataClass[dataClass] ?? 0), 0));
    if (exposure.dataClasses.length > 0) {
      points += dataPoints;
      parts.push(`handles ${exposure.dataClasses.join(', ')}`);
    }
    return { points: Math.min(15, points), detail: parts.length > 0 ? parts.join('; ') : 'not internet-facing, no production or sensitive data signals' };
  },
};
