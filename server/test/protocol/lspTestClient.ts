import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { credentialsFdArgument, encodeCredentialMessage, type CredentialMessage } from '../../../shared/src/credentials';
import type { StatusParams } from '../../../shared/src/dto';
import { serverProcessEnvironment } from '../../../shared/src/serverProcess';

/** The bundled server, exactly as the extension ships it. */
export const serverBundle = path.resolve(__dirname, '../../../../server/dist/server.js');
const fixturesRoot = path.resolve(__dirname, '../../../../test-fixtures');

/**
 * Whether a diagnostic is the one of an advisory: its code, or (issue 9) the diagnostic of the advisory's package
 * version, which lists every advisory it stands for in `data.advisoryIds`.
 */
export function isDiagnosticOf(diagnostic: Diagnostic, advisory: string): boolean {
  return diagnostic.code === advisory || ((diagnostic.data as { advisoryIds?: unknown } | undefined)?.advisoryIds as unknown[] | undefined)?.includes(advisory) === true;
}

/** A diagnostic's message as text (LSP allows markup content too). */
export function messageOf(diagnostic: Diagnostic): string {
  return typeof diagnostic.message === 'string' ? diagnostic.message : (diagnostic.message as { value: string }).value;
}

/** Where {@link copyWorkspace} puts the OSV records when asked: inside the folder, as the server reads no settings path outside it. */
export const workspaceOsvPath = 'osv-advisories';

/**
 * Copies a fixture workspace to a fresh temp folder (fixtures are read-only); with `withOsvRecords`, the local OSV
 * records of `test-fixtures/osv/records` are copied into it too, at {@link workspaceOsvPath}.
 */
export function copyWorkspace(name: string, options: { withOsvRecords?: boolean } = {}): { dir: string; uri: string; uriOf(relative: string): string; dispose(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), `aspm-${name}-`));
  cpSync(path.join(fixturesRoot, 'workspaces', name), dir, { recursive: true });
  if (options.withOsvRecords) {
    cpSync(path.join(fixturesRoot, 'osv', 'records'), path.join(dir, workspaceOsvPath), { recursive: true });
  }
  return {
    dir,
    uri: pathToFileURL(dir).toString(),
    uriOf: (relative) => pathToFileURL(path.join(dir, relative)).toString(),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** The OSV record of lodash's `template` advisory (4.17.15 is affected; products.ts of node-express calls it). */
const templateAdvisoryId = 'GHSA-35jh-r3h4-6jhm';

/**
 * Writes the lodash `template` advisory into a workspace's local OSV records ({@link workspaceOsvPath}), as `id`.
 * Under another id, its CVE alias becomes `CVE-<id>` unless `cve` says otherwise, so that copies stay distinct.
 */
export function writeTemplateAdvisory(workspaceDir: string, id = templateAdvisoryId, options: { cve?: string } = {}): void {
  const record = readFileSync(path.join(fixturesRoot, 'workspaces', 'npm-lodash-subpath', 'osv', `${templateAdvisoryId}.json`), 'utf8');
  const cve = options.cve ?? (id === templateAdvisoryId ? 'CVE-2021-23337' : `CVE-${id}`);
  writeFileSync(path.join(workspaceDir, workspaceOsvPath, 'npm', `${id}.json`), record.replaceAll(templateAdvisoryId, id).replace('CVE-2021-23337', cve));
}

/**
 * A language client speaking JSON-RPC over the server's stdio: the real protocol, no shortcuts. Like the extension,
 * it hands the token over on the credentials pipe (fd 3), never in a message, and it records every byte both ways
 * (`wire`, `stderr`) so tests can check what a trace could see.
 */
export class LspTestClient {
  readonly diagnostics = new Map<string, Diagnostic[]>();
  /** Every publication, in order of arrival. */
  readonly publications: PublishDiagnosticsParams[] = [];
  readonly statuses: StatusParams[] = [];
  readonly logs: string[] = [];
  /** Everything the server wrote to stderr. */
  readonly stderr: string[] = [];
  private readonly listeners = new Set<() => void>();

  private constructor(
    readonly connection: MessageConnection,
    private readonly child: ChildProcess,
    private settings: Record<string, unknown>,
    /** Every JSON-RPC byte sent and received, in order (headers included). */
    readonly wire: string[],
  ) {
    child.stderr!.on('data', (chunk: Buffer) => this.stderr.push(chunk.toString('utf8')));
    connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.diagnostics.set(params.uri, params.diagnostics);
      this.publications.push(params);
      this.notify();
    });
    connection.onNotification('aspm/status', (params: StatusParams) => {
      this.statuses.push(params);
      this.notify();
    });
    connection.onNotification('window/logMessage', (params: { message: string }) => {
      this.logs.push(params.message);
      this.notify();
    });
    connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) => params.items.map(() => this.settings));
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.onNotification('$/progress', () => undefined);
  }

  /** Starts the server (token on the credentials pipe, default `fixture-token`) and completes the initialize handshake. */
  static async start(options: { workspaceUri: string; settings: Record<string, unknown>; token?: string | null; isTrusted?: boolean; storagePath?: string }): Promise<LspTestClient> {
    const child = spawn(process.execPath, [serverBundle, '--stdio', `${credentialsFdArgument}=3`], { stdio: ['pipe', 'pipe', 'pipe', 'pipe'], env: { ...process.env, ...serverProcessEnvironment } });
    const wire: string[] = [];
    child.stdout!.on('data', (chunk: Buffer) => wire.push(chunk.toString('utf8')));
    const toServer = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        wire.push(chunk.toString('utf8'));
        child.stdin!.write(chunk, callback);
      },
    });
    const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(toServer));
    const client = new LspTestClient(connection, child, options.settings, wire);
    client.sendCredentials({ credentials: { aspm: options.token === undefined ? 'fixture-token' : options.token } });
    connection.listen();
    await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: options.workspaceUri,
      workspaceFolders: [{ uri: options.workspaceUri, name: 'workspace' }],
      capabilities: {
        workspace: { configuration: true, workspaceFolders: true, didChangeWatchedFiles: { dynamicRegistration: true }, didChangeConfiguration: { dynamicRegistration: true } },
        window: { workDoneProgress: true },
        textDocument: { publishDiagnostics: { relatedInformation: true }, codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } }, hover: { contentFormat: ['markdown'] } },
      },
      initializationOptions: { isTrusted: options.isTrusted ?? true, storagePath: options.storagePath },
    });
    await connection.sendNotification('initialized', {});
    return client;
  }

  /**
   * Writes JSON-RPC messages to the server in one write, framed, outside the connection (whose writer sends each
   * message on its own): what a client sends back to back. Answers to their ids show in {@link wire} only.
   */
  writeRaw(messages: readonly object[]): void {
    const framed = messages.map((message) => {
      const body = JSON.stringify({ jsonrpc: '2.0', ...message });
      return `Content-Length: ${Buffer.byteLength(body, 'utf8')}\r\n\r\n${body}`;
    });
    this.wire.push(...framed);
    this.child.stdin!.write(framed.join(''));
  }

  /** Writes a message on the credentials pipe, as the extension does on sign-in and sign-out. */
  sendCredentials(message: CredentialMessage): void {
    this.writeCredentialsPipe(encodeCredentialMessage(message));
  }

  /** Writes raw text on the credentials pipe (for malformed-input tests). */
  writeCredentialsPipe(text: string): void {
    (this.child.stdio[3] as Writable).write(text);
  }

  /** Replaces the settings the client answers with and tells the server. */
  async changeSettings(settings: Record<string, unknown>): Promise<void> {
    this.settings = settings;
    await this.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
  }

  /** Waits until `probe` returns a value (re-checked on every message from the server), or fails after `timeoutMs`. */
  waitFor<T>(what: string, probe: () => T | undefined | false, timeoutMs = 15000): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const value = probe();
        if (value !== undefined && value !== false) {
          cleanup();
          resolve(value);
          return true;
        }
        return false;
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out waiting for ${what}; last status: ${JSON.stringify(this.statuses.at(-1))}; logs: ${this.logs.slice(-5).join(' | ')}`));
      }, timeoutMs);
      // Also polled: some conditions (a file on disk) change without a message from the server.
      const poll = setInterval(() => void check(), 100);
      const cleanup = (): void => {
        clearTimeout(timer);
        clearInterval(poll);
        this.listeners.delete(listener);
      };
      const listener = (): void => void check();
      if (!check()) {
        this.listeners.add(listener);
      }
    });
  }

  /** Waits for diagnostics on `uri` that satisfy `accept`. */
  waitForDiagnostics(uri: string, accept: (diagnostics: Diagnostic[]) => boolean, what = `diagnostics on ${uri}`): Promise<Diagnostic[]> {
    return this.waitFor(what, () => {
      const current = this.diagnostics.get(uri);
      return current && accept(current) ? current : undefined;
    });
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((resolve) => setTimeout(resolve, 10_000))]);
      await this.connection.sendNotification('exit');
    } catch {
      // the server may already be gone; it is killed below either way
    }
    this.connection.dispose();
    this.child.kill();
  }

  get exitCode(): number | null {
    return this.child.exitCode;
  }

  private notify(): void {
    for (const listener of [...this.listeners]) {
      listener();
    }
  }
}

/** A sample workspace with the local OSV records open in one server for a whole suite, with no backend. */
export interface OsvWorkspaceSuite {
  readonly workspace: ReturnType<typeof copyWorkspace>;
  readonly client: LspTestClient;
  /** Waits for the diagnostic on `file` of the advisory `code` (its own, or its package version's) that `accept` takes. */
  diagnosticOf(file: string, code: string, accept?: (diagnostic: Diagnostic) => boolean): Promise<Diagnostic>;
}

/** Copies the workspace with the OSV records and starts its server in `suiteSetup`; both go in `suiteTeardown`. */
export function osvWorkspaceSuite(name: string): OsvWorkspaceSuite {
  let workspace: ReturnType<typeof copyWorkspace> | undefined;
  let client: LspTestClient | undefined;
  suiteSetup(async () => {
    workspace = copyWorkspace(name, { withOsvRecords: true });
    client = await LspTestClient.start({ workspaceUri: workspace.uri, settings: { backend: { url: '' }, repository: '', osv: { path: workspaceOsvPath, url: '' } } });
  });
  suiteTeardown(async () => {
    await client?.stop();
    workspace?.dispose();
  });
  return {
    get workspace() {
      return workspace!;
    },
    get client() {
      return client!;
    },
    diagnosticOf: (file, code, accept = () => true) =>
      client!.waitFor(`the ${code} diagnostic on ${file}`, () => client!.diagnostics.get(workspace!.uriOf(file))?.find((diagnostic) => isDiagnosticOf(diagnostic, code) && accept(diagnostic))),
  };
}
