import type { Finding } from '../../../model/finding';
import type { IacSignal } from '../iacSignal';
import { dockerfileNoUserRule } from './dockerfileNoUser';
import { hostNetworkRule } from './hostNetwork';
import { hostPathRule } from './hostPath';
import { ruleFinding, type IacRule } from './iacRule';
import { openIngressRule } from './openIngress';
import { plainSecretEnvRule } from './plainSecretEnv';
import { portAllInterfacesRule } from './portAllInterfaces';
import { privilegedContainerRule } from './privilegedContainer';
import { publicBucketRule } from './publicBucket';
import { publicDatabaseRule } from './publicDatabase';
import { runAsRootRule } from './runAsRoot';
import { unpinnedImageRule } from './unpinnedImage';

export { iacFindingSource, iacRuleDocsUrl, type FixDraft, type IacRule } from './iacRule';

/** Every built-in IaC rule. Signals of other checks (public load balancers, exposed Services, Ingress hosts) stay signals. */
export const iacRules: readonly IacRule[] = [
  openIngressRule,
  publicBucketRule,
  publicDatabaseRule,
  privilegedContainerRule,
  hostNetworkRule,
  hostPathRule,
  runAsRootRule,
  dockerfileNoUserRule,
  unpinnedImageRule,
  plainSecretEnvRule,
  portAllInterfacesRule,
];

/** The findings of the built-in rules over one file's signals, in signal order. */
export function iacFindings(signals: readonly IacSignal[], rules: readonly IacRule[] = iacRules): Finding[] {
  return signals.flatMap((signal) => rules.filter((rule) => rule.check === signal.check).map((rule) => ruleFinding(rule, signal)));
}
