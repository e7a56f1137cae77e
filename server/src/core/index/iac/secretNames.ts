/** Words that make a variable name a secret on their own. */
const secretWords = new Set(['password', 'passwd', 'pwd', 'passphrase', 'secret', 'token', 'apikey', 'credential', 'credentials', 'privatekey', 'secretkey', 'accesskey']);

/** Word pairs that make a name a secret (`API_KEY`, `accessKey`, `SIGNING_KEY`). */
const secretPairs = new Set(['api key', 'access key', 'private key', 'secret key', 'signing key', 'encryption key', 'master key', 'client secret']);

/** Last words that make a name point at a secret rather than hold one (`PASSWORD_FILE`, `TOKEN_URL`, `SECRET_NAME`). */
const referenceSuffixes = new Set(['file', 'path', 'dir', 'url', 'uri', 'endpoint', 'host', 'port', 'name', 'user', 'username', 'id', 'ref', 'type', 'header', 'field', 'enabled', 'length', 'ttl', 'expiry', 'expires', 'env', 'var']);

/** Splits `DB_PASSWORD`, `dbPassword`, `db-password` into lower-case words. */
function wordsOf(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word.length > 0)
    .map((word) => word.toLowerCase());
}

/** Whether an environment variable or build argument name says it holds a secret. */
export function isSecretName(name: string): boolean {
  const words = wordsOf(name);
  if (words.length === 0 || referenceSuffixes.has(words[words.length - 1]!)) {
    return false;
  }
  return words.some((word, index) => secretWords.has(word) || (index > 0 && secretPairs.has(`${words[index - 1]} ${word}`)));
}

/**
 * Whether a value is a literal secret written into the file, as opposed to empty, a boolean, or a reference resolved
 * elsewhere (`${VAR}`, `$(VAR)`, `$VAR`).
 */
export function isLiteralSecretValue(value: string): boolean {
  const trimmed = value.trim();
  if (trimmed === '' || /^(true|false|yes|no|on|off|null|~)$/i.test(trimmed)) {
    return false;
  }
  return !/\$[{(A-Za-z_]/.test(trimmed);
}
