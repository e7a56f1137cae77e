import { isSensitiveHostPath } from '../hostPaths';
import type { IacRule } from './iacRule';

/**
 * `iac-host-path`: a Kubernetes `hostPath` volume, or a Compose bind mount of a container runtime socket or system
 * path. High for the root, system directories and runtime sockets (mounting `docker.sock` is root on the host).
 */
export const hostPathRule: IacRule = {
  id: 'iac-host-path',
  check: 'host-path',
  signalKind: 'host-access',
  title: 'Host path mounted into a container',
  cwe: ['CWE-668'],
  rationale: 'The container can read or change files of the host; a runtime socket or system directory gives it control of the host.',
  remediation: 'Use a volume (emptyDir, a PersistentVolumeClaim, a named volume) instead; if a host path is unavoidable, mount it read-only and as narrowly as possible.',
  severity: (signal) => (isSensitiveHostPath(signal.detail?.hostPath ?? '') ? 'high' : 'medium'),
};
