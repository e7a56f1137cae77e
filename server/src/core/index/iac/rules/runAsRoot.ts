import { insertedLines, replaceAnchor, type IacRule } from './iacRule';

/**
 * `iac-run-as-root`: a Kubernetes container that may run as root: neither `runAsNonRoot: true` nor a `runAsUser`
 * above 0 applies to it (container or pod level), or `runAsUser: 0` is set.
 */
export const runAsRootRule: IacRule = {
  id: 'iac-run-as-root',
  check: 'run-as-root',
  signalKind: 'runs-as-root',
  title: 'Container may run as root',
  cwe: ['CWE-250'],
  rationale: 'A process running as root in the container is one kernel or runtime bug away from root on the node.',
  remediation: 'Set `securityContext.runAsNonRoot: true` (and a `runAsUser` above 0 if the image has no non-root USER).',
  severity: () => 'medium',
  fix(signal) {
    const anchor = signal.anchor;
    if (anchor?.kind === 'insert') {
      const text = insertedLines(anchor, 'runAsNonRoot: true');
      return { description: 'set runAsNonRoot: true in the container securityContext (the image must then run as a non-root user).', edits: [{ range: { start: anchor.position, end: anchor.position }, newText: text }] };
    }
    const edits = replaceAnchor(anchor, 'true');
    return edits ? { description: 'set runAsNonRoot: true (the image must then run as a non-root user).', edits } : undefined;
  },
};
