import { checkSourceToken } from './backend/credentialCheck';
import { WorkspaceEngine } from './engine/workspaceEngine';
import { readFile } from 'node:fs/promises';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { queryOsvApi } from './backend/osvApi';
import { openSources } from './backend/sources';
import { BackendCache } from './host/backendCache';
import { holdLargeHeapGrowth } from './host/heapGrowth';
import { readLines } from './host/lineChannel';
import { createNodeFolderHost } from './host/nodeFolderHost';
import { Outbox } from './host/outbox';
import { TreeSitterHost } from './host/treeSitterHost';
import { wasmLocator } from './host/wasmLocator';
import { credentialFeedFromArguments } from './lsp/credentials';
import { startServer } from './lsp/server';

// The composition root of the language server: the only file that knows lsp/, host/ and backend/ together.
// The transport (--stdio from the extension, other editors and tests; --node-ipc works too) comes from argv.
const connection = createConnection(ProposedFeatures.all);

// Anything printed must reach the client's log, never stdout (stdout may be the LSP transport itself).
console.log = (...args: unknown[]) => connection.console.log(args.map(String).join(' '));
console.info = (...args: unknown[]) => connection.console.info(args.map(String).join(' '));
console.warn = (...args: unknown[]) => connection.console.warn(args.map(String).join(' '));
console.error = (...args: unknown[]) => connection.console.error(args.map(String).join(' '));
process.on('unhandledRejection', (reason) => connection.console.error(`Unhandled rejection: ${reason instanceof Error ? reason.stack : String(reason)}`));
process.on('uncaughtException', (error) => connection.console.error(`Uncaught exception: ${error.stack ?? error.message}`));

// A heap of tens of thousands of findings grows by a bounded factor between full collections (see heapGrowth.ts).
holdLargeHeapGrowth();

// The token arrives on an extra pipe the extension opens (never as an LSP message, which a trace would record).
const credentials = credentialFeedFromArguments(process.argv, (message) => connection.console.warn(message), readLines);
startServer(connection, {
  folderHost: (log) => createNodeFolderHost(() => TreeSitterHost.create(wasmLocator(__dirname)), log, { openSources, queryOsvApi: (url, packages, options) => queryOsvApi(url, packages, options), checkSourceToken }, (ports) => new WorkspaceEngine(ports)),
  storageAt: (storagePath, warn) => ({ cache: storagePath === undefined ? undefined : new BackendCache(storagePath), outbox: Outbox.inDirectory(storagePath, storagePath === undefined ? undefined : warn) }),
  readText: (file) => readFile(file, 'utf8').catch(() => undefined),
  credentials,
});
connection.listen();
