import { insertedLines, type IacRule } from './iacRule';

/** The user the quick fix switches to: a UID with no entry in most base images, and outside the usual system range. */
const nonRootUid = '10001';

/** `iac-dockerfile-no-user`: the final stage of a Dockerfile sets no USER, or sets root. */
export const dockerfileNoUserRule: IacRule = {
  id: 'iac-dockerfile-no-user',
  check: 'dockerfile-root',
  signalKind: 'runs-as-root',
  title: 'Container image runs as root',
  cwe: ['CWE-250'],
  rationale: 'Every process of the container then runs as root, which turns a code-execution bug into root in the container.',
  remediation: 'Add `USER <uid>` (a non-root user) after the build steps of the final stage, and give that user only the files it needs (`COPY --chown`).',
  severity: () => 'medium',
  fix(signal) {
    const anchor = signal.anchor;
    if (anchor?.kind !== 'insert') {
      return undefined;
    }
    return {
      description: `switch to user ${nonRootUid} before the container starts (files the app writes must be writable by that user).`,
      edits: [{ range: { start: anchor.position, end: anchor.position }, newText: insertedLines(anchor, `USER ${nonRootUid}`) }],
    };
  },
};
