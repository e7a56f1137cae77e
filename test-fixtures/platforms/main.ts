/**
 * Command line for a fixture platform server (for suites that drive it from another process, such as the real
 * VS Code runs):
 *   node out/test-fixtures/platforms/main.js --kind defectdojo|dependency-track|github --scenario node-express
 *        [--port N] [--token T] [--base-path /api/v3] [--max-page-size N]
 * Prints one JSON line `{"kind","url","token"}` on stdout and logs each request to stderr.
 */
import { parseArgs } from 'node:util';
import { startPlatformServer, type PlatformKind } from './platformServer';

const kinds: readonly PlatformKind[] = ['defectdojo', 'dependency-track', 'github'];

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      kind: { type: 'string' },
      scenario: { type: 'string', default: 'node-express' },
      port: { type: 'string', default: '0' },
      token: { type: 'string' },
      'base-path': { type: 'string' },
      'max-page-size': { type: 'string' },
    },
  });
  if (!kinds.includes(values.kind as PlatformKind)) {
    throw new Error(`--kind must be one of ${kinds.join(', ')}`);
  }
  const server = await startPlatformServer({
    kind: values.kind as PlatformKind,
    scenario: values.scenario!,
    port: Number(values.port),
    token: values.token,
    basePath: values['base-path'],
    maxPageSize: values['max-page-size'] ? Number(values['max-page-size']) : undefined,
  });
  let logged = 0;
  setInterval(() => {
    for (const request of server.requests.slice(logged)) {
      process.stderr.write(`${request.method} ${request.path}${Object.keys(request.query).length > 0 ? `?${new URLSearchParams(request.query).toString()}` : ''}\n`);
    }
    logged = server.requests.length;
  }, 200).unref();
  process.stdout.write(`${JSON.stringify({ kind: server.kind, url: server.url, token: server.token })}\n`);
  const shutdown = (): void => {
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  process.stderr.write(`fixture platform: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
