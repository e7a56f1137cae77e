import { execFile } from 'node:child_process';
import * as path from 'node:path';

const cliBundle = path.resolve(__dirname, '../../../../server/dist/cli.js');

/** Runs the bundled CLI (`server/dist/cli.js`) as users do, with the fixture token; never throws. */
export function runCli(args: string[], env: Record<string, string> = {}, cwd?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cliBundle, ...args], { cwd, env: { ...process.env, ASPM_TOKEN: 'fixture-token', ...env }, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}
