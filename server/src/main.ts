import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { TreeSitterHost } from './host/treeSitterHost';
import { wasmLocator } from './host/wasmLocator';
import { credentialFeedFromArguments } from './lsp/credentials';
import { startServer } from './lsp/server';

// The transport (--stdio from the extension, other editors and tests; --node-ipc works too) comes from argv.
const connection = createConnection(ProposedFeatures.all);

// Anything printed must reach the client's log, never stdout (stdout may be the LSP transport itself).
console.log = (...args: unknown[]) => connection.console.log(args.map(String).join(' '));
console.info = (...args: unknown[]) => connection.console.info(args.map(String).join(' '));
console.warn = (...args: unknown[]) => connection.console.warn(args.map(String).join(' '));
console.error = (...args: unknown[]) => connection.console.error(args.map(String).join(' '));
process.on('unhandledRejection', (reason) => connection.console.error(`Unhandled rejection: ${reason instanceof Error ? reason.stack : String(reason)}`));
process.on('uncaughtException', (error) => connection.console.error(`Uncaught exception: ${error.stack ?? error.message}`));

// The token arrives on an extra pipe the extension opens (never as an LSP message, which a trace would record).
const credentials = credentialFeedFromArguments(process.argv, (message) => connection.console.warn(message));
startServer(connection, () => TreeSitterHost.create(wasmLocator(__dirname)), credentials);
connection.listen();
