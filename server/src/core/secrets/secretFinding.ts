import type { Finding } from '../model/finding';
import type { Range } from '../model/location';
import type { Severity } from '../model/severity';

/** The source (and tool name) every built-in secret finding names. */
export const secretFindingSource = 'aspm-secrets';

/**
 * One secret a detector found in a file: which detector and which of its messages, and where. Deliberately without
 * the matched text: nothing downstream can copy the secret into a message, a hover, a tree label, a log or an export.
 */
export interface SecretMatch {
  /** The detector's rule, e.g. secretlint's `@secretlint/secretlint-rule-privatekey`. */
  detectorRuleId: string;
  /** The rule's message id, e.g. `PrivateKey`, `AWSSecretAccessKey`, `GITHUB_TOKEN`. */
  messageId: string;
  /** Where the secret is, 0-based, end exclusive. */
  range: Range;
  /** The rule's documentation page (https only). */
  docsUrl?: string;
}

/** What each kind of secret is called, by message id; unknown ids are spelled out from the id itself. */
const secretNames: Record<string, string> = {
  PrivateKey: 'Private key',
  PrivateKeyJSON: 'GCP service account key (JSON)',
  PrivateKeyP12: 'GCP service account key (PKCS#12)',
  AWSSecretAccessKey: 'AWS secret access key',
  AWSAccessKeyID: 'AWS access key ID',
  AWSAccountID: 'AWS account ID',
  GITHUB_TOKEN: 'GitHub token',
  SLACK_TOKEN: 'Slack token',
  IncomingWebhook: 'Slack incoming webhook URL',
  BasicAuth: 'Password in a URL (basic auth)',
  NPM_ACCESS_TOKEN: 'npm access token',
  Npmrc_authToken: 'npm auth token in .npmrc',
  PackageJSON_xOauthToken: 'GitHub token in a package URL',
  OPENAI_TOKEN: 'OpenAI API key',
  LINEAR_API_TOKEN: 'Linear API key',
  SENDGRID_KEY: 'SendGrid API key',
  SHOPIFY_KEY: 'Shopify access token',
  OPS_TOKEN: '1Password service account token',
};

/** Message ids whose secret is a private key: anyone holding it can impersonate the owner, so critical. */
const privateKeyIds = new Set(['PrivateKey', 'PrivateKeyJSON', 'PrivateKeyP12']);

/** Message ids of cloud keys: they open the cloud account they belong to. */
const cloudKeyIds = new Set(['AWSSecretAccessKey']);
/** Message ids that name an account or a key pair without being a secret themselves. */
const identifierIds = new Set(['AWSAccessKeyID', 'AWSAccountID']);
/** Other scanners' secret types (GitHub secret scanning's `secret_type`…) that are private or cloud keys. */
const keyType = /private[_ -]?key|secret[_ -]?access[_ -]?key|service[_ -]?account|storage[_ -]?account[_ -]?key|azure.*key|gcp.*key/i;

/**
 * What a secret finding holds: a private or cloud `key` (it impersonates its owner or opens a cloud account), another
 * `credential` (a token, a webhook, a password), or an `identifier` that is useless without its secret.
 */
export function secretClassOf(finding: Pick<Finding, 'ruleId' | 'title'>): 'key' | 'credential' | 'identifier' {
  const ruleId = finding.ruleId ?? '';
  const messageId = ruleId.startsWith('secretlint/') ? ruleId.slice(ruleId.lastIndexOf('/') + 1) : undefined;
  if (messageId !== undefined) {
    return privateKeyIds.has(messageId) || cloudKeyIds.has(messageId) ? 'key' : identifierIds.has(messageId) ? 'identifier' : 'credential';
  }
  return keyType.test(ruleId) || keyType.test(finding.title) ? 'key' : 'credential';
}

/**
 * The rule id of a secret finding, stable and never reused: `secretlint/<rule>/<message id>`, e.g.
 * `secretlint/privatekey/PrivateKey`. `.aspm/ignore.yaml` entries name it (`rule:`), with a `path:` glob.
 */
export function secretRuleId(match: Pick<SecretMatch, 'detectorRuleId' | 'messageId'>): string {
  const rule = match.detectorRuleId.replace(/^@secretlint\//, '').replace(/^secretlint-rule-/, '');
  return `secretlint/${rule}/${match.messageId}`;
}

/** The severity of a committed secret: critical for private keys, high for every other credential. */
export function secretSeverity(messageId: string): Severity {
  return privateKeyIds.has(messageId) ? 'critical' : 'high';
}

/** What the secret is, in words (`GitHub token`); never the secret itself. */
export function secretName(messageId: string): string {
  return secretNames[messageId] ?? messageId.replace(/_/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2');
}

/**
 * The findings of the secrets found in one file, in the order given. Ids are `<rule id>:<path>:<n>` (the n-th secret
 * of that rule in the file), so they stay the same when lines move. Messages say what kind of secret is where, and
 * never contain any of it (a {@link SecretMatch} carries no text).
 */
export function secretFindings(path: string, matches: readonly SecretMatch[]): Finding[] {
  const seen = new Map<string, number>();
  return matches.map((match) => {
    const ruleId = secretRuleId(match);
    const occurrence = (seen.get(ruleId) ?? 0) + 1;
    seen.set(ruleId, occurrence);
    const name = secretName(match.messageId);
    const isKey = privateKeyIds.has(match.messageId);
    const message = `${name} hard-coded in ${path.slice(path.lastIndexOf('/') + 1)}`;
    return {
      id: `${ruleId}:${path}:${occurrence}`,
      kind: 'secret',
      ruleId,
      title: `${name} committed to the repository`,
      description: `${message}. Anyone who can read the repository, or any copy of it, can use it; deleting the line does not remove it from the git history.`,
      severity: secretSeverity(match.messageId),
      cwe: [isKey ? 'CWE-321' : 'CWE-798'],
      toolName: secretFindingSource,
      location: {
        path,
        startLine: match.range.start.line + 1,
        startColumn: match.range.start.character + 1,
        endLine: match.range.end.line + 1,
        endColumn: match.range.end.character + 1,
        message,
        fingerprint: `${ruleId}#${occurrence}`,
      },
      remediation: isKey
        ? 'Treat the key as compromised: revoke it and issue a new one, then load the new key at run time (a secret store, a mounted file or an environment variable kept out of git). Remove the old key from the history (`git filter-repo`) if the repository is shared.'
        : 'Treat it as compromised: revoke or rotate it at its provider first, then read the new value at run time from the environment or a secret store. Remove the old value from the history (`git filter-repo`) if the repository is shared.',
      ...(match.docsUrl !== undefined && /^https:\/\//.test(match.docsUrl) ? { links: { advisory: match.docsUrl } } : {}),
      sources: [secretFindingSource],
    };
  });
}
