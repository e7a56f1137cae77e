import type { IacRule } from './iacRule';

/**
 * `iac-unpinned-image`: an image with no tag or the `:latest` tag. No quick fix: the version to pin cannot be known
 * from the file.
 */
export const unpinnedImageRule: IacRule = {
  id: 'iac-unpinned-image',
  check: 'unpinned-image',
  signalKind: 'unpinned-image',
  title: 'Container image not pinned',
  cwe: ['CWE-1357'],
  rationale: 'What runs changes whenever the tag moves, so builds are not reproducible and a compromised or broken image is pulled silently.',
  remediation: 'Pin a version tag, or better a digest (`image:1.2.3@sha256:…`), and update it deliberately (e.g. with Renovate or Dependabot).',
  severity: () => 'low',
};
