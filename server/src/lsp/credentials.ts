import {
  credentialsFdArgument,
  maxCredentialLineBytes,
  parseCredentialMessage,
  type CredentialMessage,
} from '../../../shared/src/credentials';

/** Secrets as they arrive on the credentials pipe (shared/src/credentials.ts): never through JSON-RPC. */
export interface CredentialFeed {
  /** Settles once the first message arrived or the channel closed: `initialize` waits for it (capped). */
  readonly first: Promise<void>;
  onMessage(listener: (message: CredentialMessage) => void): void;
}

/** Reads a file descriptor line by line (host/lineChannel.ts), each line capped. */
export type LineReader = (fd: number, maxLineBytes: number, onLine: (line: string) => void, onProblem: (message: string) => void) => { closed: Promise<void> };

/**
 * The feed on the file descriptor `--aspm-credentials-fd=N` names, or undefined without that argument (another
 * editor, or a test without secrets). Problems are reported without the line's content.
 */
export function credentialFeedFromArguments(argv: readonly string[], warn: (message: string) => void, readLines: LineReader): CredentialFeed | undefined {
  const argument = argv.find((arg) => arg.startsWith(`${credentialsFdArgument}=`));
  const fd = argument === undefined ? undefined : Number(argument.slice(credentialsFdArgument.length + 1));
  if (fd === undefined) {
    return undefined;
  }
  if (!Number.isInteger(fd) || fd < 3) {
    warn(`${credentialsFdArgument} must name an extra pipe (3 or above); signed out.`);
    return undefined;
  }
  const listeners: ((message: CredentialMessage) => void)[] = [];
  const backlog: CredentialMessage[] = [];
  let markFirst: () => void = () => undefined;
  const first = new Promise<void>((resolve) => {
    markFirst = resolve;
  });
  const { closed } = readLines(
    fd,
    maxCredentialLineBytes,
    (line) => {
      const message = parseCredentialMessage(line);
      if (!message) {
        warn('Ignored a malformed message on the credentials channel.');
        return;
      }
      if (listeners.length === 0) {
        backlog.push(message);
      }
      for (const listener of listeners) {
        listener(message);
      }
      markFirst();
    },
    (problem) => warn(`Credentials channel: ${problem}`),
  );
  void closed.then(markFirst);
  return {
    first,
    onMessage(listener) {
      listeners.push(listener);
      for (const message of backlog.splice(0)) {
        listener(message);
      }
    },
  };
}
