import type { IacRule } from './iacRule';

/** `iac-host-network`: a pod with `hostNetwork: true` or a Compose service with `network_mode: host`. */
export const hostNetworkRule: IacRule = {
  id: 'iac-host-network',
  check: 'host-network',
  signalKind: 'host-access',
  title: 'Container shares the host network',
  cwe: ['CWE-653'],
  rationale: 'It can bind to any host port and reach services that listen only on the host, bypassing network policies.',
  remediation: 'Use the container network and publish only the ports that must be reachable; keep host networking for node agents that need it.',
  severity: () => 'medium',
};
