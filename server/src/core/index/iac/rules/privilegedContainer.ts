import { replaceAnchor, type IacRule } from './iacRule';

/** `iac-privileged-container`: a Kubernetes container or Compose service with `privileged: true`. */
export const privilegedContainerRule: IacRule = {
  id: 'iac-privileged-container',
  check: 'privileged',
  signalKind: 'privileged',
  title: 'Privileged container',
  cwe: ['CWE-250'],
  rationale: 'A privileged container can load kernel modules and access every device, so escaping to the host is trivial.',
  remediation: 'Remove `privileged: true`; grant only the specific Linux capabilities the workload needs (`capabilities.add` / `cap_add`).',
  severity: () => 'high',
  fix(signal) {
    const edits = replaceAnchor(signal.anchor, 'false');
    return edits ? { description: 'set privileged: false.', edits } : undefined;
  },
};
