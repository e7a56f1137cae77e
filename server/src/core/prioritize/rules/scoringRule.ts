import type { ReachabilityTier, ScoreFactor } from '../../model/analysis';
import type { Exposure } from '../../model/exposure';
import type { Finding } from '../../model/finding';
import type { AssetExposure } from '../../correlate/assetExposure';

/** What a scoring rule may look at. */
export interface ScoringContext {
  finding: Finding;
  tier: ReachabilityTier;
  exposure: Exposure;
  /** Whether the backend sent exposure data for the service at all. */
  hasExposureData: boolean;
  /** For a code finding inside a public, unauthenticated handler: that endpoint (`POST /login`). */
  publicEntryPoint?: string;
  /** The service's own IaC line that makes it internet-facing (`deploy/svc.yaml:12: …`), when runtime data is silent. */
  iacInternetFacing?: string;
  /**
   * Whether the service deploys the asset the finding is on (and where its exposure comes from). Absent: the
   * finding has no asset of its own (a DAST endpoint) and the service's exposure applies as is.
   */
  asset?: AssetExposure;
}

/** One additive term of the priority score. The maxima of all rules add up to 100. */
export interface ScoringRule {
  id: string;
  label: string;
  maxPoints: number;
  score(context: ScoringContext): Pick<ScoreFactor, 'points' | 'detail'>;
}
