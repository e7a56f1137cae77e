/**
 * The side channel that carries secrets from the extension to the language server. Never a JSON-RPC message: a
 * trace (`aspm.trace.server: verbose`) records every message both ways into a persisted log. Instead the client
 * spawns the server with an extra pipe and names its file descriptor with {@link credentialsFdArgument}; on it,
 * it writes one JSON {@link CredentialMessage} per line: the current state at start, then every change. Other
 * editors may leave the argument out; the server then starts signed out.
 */

/** Server command-line argument naming the pipe: `--aspm-credentials-fd=3`. */
export const credentialsFdArgument = '--aspm-credentials-fd';

/** Longest line read from the channel; a longer one is dropped whole, unread (tokens are short). */
export const maxCredentialLineBytes = 64 * 1024;

/**
 * Client → server, on the credentials pipe. Sent at server start (the full state) and on "Sign In" / "Sign Out",
 * another window's sign-in, or a changed proxy.
 */
export type CredentialMessage = {
  /**
   * Secrets by source: `aspm` is the ASPM backend token; other backends add their own key. A string sets the
   * source's secret, null forgets it, a missing key leaves it unchanged.
   */
  credentials?: Record<string, string | null>;
  /** VS Code's `http.proxy` (its URL may carry credentials); null: none (HTTPS_PROXY / NO_PROXY then apply). */
  proxy?: string | null;
  /**
   * Tokens "ASPM: Sign In" wants checked before it keeps them, by a one-time key that `aspm/checkCredentials` names:
   * never used for a pull. A string adds one, null forgets it (after the check).
   */
  candidates?: Record<string, string | null>;
};

/** The source key of the ASPM backend token. */
export const aspmCredentialSource = 'aspm';

/** One line of the channel. */
export function encodeCredentialMessage(message: CredentialMessage): string {
  return `${JSON.stringify(message)}\n`;
}

/** A line of the channel as a message, or undefined when it is not one (its content is never echoed anywhere). */
export function parseCredentialMessage(line: string): CredentialMessage | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return undefined;
  }
  const { credentials, proxy, candidates } = value as Record<string, unknown>;
  const message: CredentialMessage = {};
  for (const [field, secrets] of [['credentials', credentials], ['candidates', candidates]] as const) {
    if (secrets === undefined) {
      continue;
    }
    if (typeof secrets !== 'object' || secrets === null || Array.isArray(secrets)) {
      return undefined;
    }
    const entries = Object.entries(secrets);
    if (!entries.every(([, secret]) => secret === null || typeof secret === 'string')) {
      return undefined;
    }
    message[field] = Object.fromEntries(entries.map(([source, secret]) => [source, secret === '' ? null : (secret as string | null)]));
  }
  if (proxy !== undefined) {
    if (proxy !== null && typeof proxy !== 'string') {
      return undefined;
    }
    message.proxy = proxy === '' ? null : proxy;
  }
  return message;
}
