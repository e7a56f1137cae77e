import type { IacRule } from './iacRule';

/**
 * `iac-plain-secret-env`: a variable named like a secret (password, token, API key…) set to a literal value in a
 * manifest, a Compose file or a Dockerfile ENV/ARG. The value itself is never copied into the finding.
 */
export const plainSecretEnvRule: IacRule = {
  id: 'iac-plain-secret-env',
  check: 'plain-secret',
  signalKind: 'plain-secret',
  title: 'Secret written in plain text',
  cwe: ['CWE-798'],
  rationale: 'Everyone with access to the repository (and, for a Dockerfile, to the image) can read it, and it cannot be rotated without a commit.',
  remediation: 'Rotate the secret, then read it from a secret store: a Kubernetes Secret (`valueFrom.secretKeyRef`), Compose `secrets:` or an `env_file` kept out of git, BuildKit `RUN --mount=type=secret`.',
  severity: () => 'high',
};
