/**
 * Command line for a fixture platform server (for suites that drive it from another process, such as the real
 * VS Code runs):
 *   node out/test-fixtures/platforms/main.js --kind defectdojo|dependency-track|github --scenario node-express
 *        [--port N] [--token T] [--base-path /api/v3] [--max-page-size N] [--writes FILE]
 * Prints one JSON line `{"kind","url","token"}` on stdout and logs each request to stderr. With `--writes`, every
 * write it accepted or refused (method, path, body; no credentials) is appended to FILE as one JSON line, for a test
 * in another process to read.
 */
import { appendFileSync, writeFileSync } from 'node:fs';
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
      writes: { type: 'string' },
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
  let recorded = 0;
  const writesFile = values.writes;
  if (writesFile) {
    writeFileSync(writesFile, '');
  }
  setInterval(() => {
    for (const request of server.requests.slice(logged)) {
      process.stderr.write(`${request.method} ${request.path}${Object.keys(request.query).length > 0 ? `?${new URLSearchParams(request.query).toString()}` : ''}\n`);
    }
    logged = server.requests.length;
    if (writesFile) {
      for (const write of server.writes.slice(recorded)) {
        appendFileSync(writesFile, `${JSON.stringify({ method: write.method, path: write.path, body: write.body })}\n`);
      }
      recorded = server.writes.length;
    }
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
