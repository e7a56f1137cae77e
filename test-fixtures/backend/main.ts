/**
 * Command line for the fixture backend:
 *   node out/test-fixtures/backend/main.js --scenario <name-or-path> [--port N] [--token T] [--control-token C] [--fault route=fault[:arg]]...
 * `--fault` may repeat, e.g. `--fault listFindings=status500 --fault getExposure=delay:3000` (see faults.ts, README.md).
 * `--control-token` enables the control API under /__fixture/ (faults at run time, what the backend received; README.md).
 * Prints one JSON line `{"url","token"}` on stdout (machine-readable for scripts), logs requests to stderr.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { applyFault, parseFaultSpec, type FaultSpec } from './faults';
import { scenarioPath, startFixtureBackend, type RecordedRequest } from './fixtureBackend';

const usage = 'usage: main.js --scenario <name-or-path> [--port N] [--token T] [--control-token C] [--fault route=fault[:arg]]...';

interface CliOptions {
  scenarioDir: string;
  port: number;
  token: string;
  controlToken?: string;
  faults: FaultSpec[];
}

function parseCli(argv: string[]): CliOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      scenario: { type: 'string' },
      port: { type: 'string', default: '0' },
      token: { type: 'string', default: 'fixture-token' },
      'control-token': { type: 'string' },
      fault: { type: 'string', multiple: true, default: [] },
    },
  });
  if (values.scenario === undefined) {
    throw new Error(`--scenario is required\n${usage}`);
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port must be an integer between 0 and 65535\n${usage}`);
  }
  const faults = values.fault.map((spec) => {
    try {
      return parseFaultSpec(spec);
    } catch (err) {
      throw new Error(`${(err as Error).message}\n${usage}`);
    }
  });
  const controlToken = values['control-token'];
  if (controlToken !== undefined && controlToken.trim() === '') {
    throw new Error(`--control-token must not be empty\n${usage}`);
  }
  return { scenarioDir: resolveScenario(values.scenario), port, token: values.token, controlToken, faults };
}

/** A value that looks like a path is used as a folder; a bare name is looked up among the bundled scenarios. */
function resolveScenario(value: string): string {
  const looksLikePath = value.includes('/') || value.includes('\\') || value.startsWith('.');
  if (!looksLikePath) {
    return scenarioPath(value);
  }
  const dir = path.resolve(value);
  if (!existsSync(path.join(dir, 'services.json'))) {
    throw new Error(`${dir} is not a scenario folder (no services.json)`);
  }
  return dir;
}

function logRequest(request: RecordedRequest, status: number): void {
  const query = new URLSearchParams(request.query).toString();
  process.stderr.write(`${request.method} ${request.path}${query ? `?${query}` : ''} -> ${status === 0 ? 'no answer' : status}\n`);
}

async function main(): Promise<void> {
  const cli = parseCli(process.argv.slice(2));
  const backend = await startFixtureBackend({ scenarioDir: cli.scenarioDir, port: cli.port, token: cli.token, controlToken: cli.controlToken, onRequest: logRequest });
  if (cli.controlToken !== undefined) {
    process.stderr.write('fixture backend: control API enabled under /__fixture/\n');
  }
  for (const spec of cli.faults) {
    applyFault(backend, spec.route, spec.fault, spec.options);
    process.stderr.write(`fixture backend: fault ${spec.route}=${spec.fault} ${JSON.stringify(spec.options)}\n`);
  }
  process.stdout.write(`${JSON.stringify({ url: backend.url, token: cli.token })}\n`);
  const shutdown = (signal: string): void => {
    process.stderr.write(`fixture backend: ${signal}, closing\n`);
    backend.close().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`fixture backend: close failed: ${String(err)}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((err: unknown) => {
  process.stderr.write(`fixture backend: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
