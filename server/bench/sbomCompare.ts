// Runs cdxgen (the CycloneDX project's generator) and the aspm CLI on the same folder and compares their package
// purls. cdxgen is never a dependency of this project: it is found through ASPM_CDXGEN (a path to its binary), else
// as `cdxgen` on PATH (installed somewhere on the machine, e.g. `npm install --prefix /tmp/cdxgen @cyclonedx/cdxgen`
// and /tmp/cdxgen/node_modules/.bin on PATH). npx is not used: it would ask the registry.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';

const cliBundle = path.resolve(__dirname, '../../../server/dist/cli.js');

/** Purl types that name packages of the ecosystems both tools read from lockfiles and manifests. */
export const packageTypes = new Set(['npm', 'pypi', 'golang', 'maven']);

/** How to start cdxgen: a command and the arguments before cdxgen's own; undefined when it is not installed. */
export function locateCdxgen(): { command: string; prefix: string[] } | undefined {
  const explicit = process.env.ASPM_CDXGEN;
  if (explicit) {
    return existsSync(explicit) ? { command: explicit, prefix: [] } : undefined;
  }
  const probe = spawnSync('cdxgen', ['--version'], { encoding: 'utf8', timeout: 60_000 });
  return probe.status === 0 ? { command: 'cdxgen', prefix: [] } : undefined;
}

/**
 * A purl compared the way the issue asks: qualifiers (`?type=jar`) and subpath dropped, percent-decoded, lower case.
 * `pkg:maven/com.acme/App@1.0?type=jar` → `pkg:maven/com.acme/app@1.0`.
 */
export function normalizePurl(purl: string): string {
  const bare = purl.split('#')[0]!.split('?')[0]!;
  let decoded = bare;
  try {
    decoded = decodeURIComponent(bare);
  } catch {
    // a malformed escape stays as written
  }
  return decoded.toLowerCase();
}

/** The purl's type: `pkg:npm/…` → `npm`. */
export function purlType(purl: string): string {
  return /^pkg:([^/]+)\//.exec(purl)?.[1] ?? '';
}

/** The normalized package purls of a CycloneDX BOM (components, nested ones included). */
export function packagePurls(bom: unknown): Set<string> {
  const purls = new Set<string>();
  const walk = (components: unknown): void => {
    for (const component of Array.isArray(components) ? components : []) {
      const { purl, components: nested } = component as { purl?: unknown; components?: unknown };
      if (typeof purl === 'string' && packageTypes.has(purlType(purl))) {
        purls.add(normalizePurl(purl));
      }
      walk(nested);
    }
  };
  walk((bom as { components?: unknown }).components);
  return purls;
}

/** How much of cdxgen's package purls the aspm BOM holds. */
export interface Coverage {
  cdxgen: number;
  aspm: number;
  /** cdxgen purls also in the aspm BOM, exactly (after normalization). */
  exact: number;
  /**
   * Plus cdxgen purls without a version (it could not resolve one) whose package the aspm BOM has at a concrete
   * version: the same package, better resolved.
   */
  resolved: number;
  missing: string[];
}

export function compareCoverage(cdxgen: ReadonlySet<string>, aspm: ReadonlySet<string>): Coverage {
  const names = new Set([...aspm].map((purl) => purl.replace(/@[^@/]*$/, '')));
  let exact = 0;
  let resolved = 0;
  const missing: string[] = [];
  for (const purl of cdxgen) {
    if (aspm.has(purl)) {
      exact++;
    } else if (!/@[^/]+$/.test(purl) && names.has(purl)) {
      resolved++;
    } else {
      missing.push(purl);
    }
  }
  return { cdxgen: cdxgen.size, aspm: aspm.size, exact, resolved, missing: missing.sort() };
}

/** Runs cdxgen offline on a copy of `dir`: no dependency install, no license fetch, network blocked by a dead proxy. */
export function runCdxgen(cdxgen: { command: string; prefix: string[] }, dir: string): { bom?: unknown; ms: number; error?: string } {
  const out = mkdtempSync(path.join(tmpdir(), 'aspm-cdxgen-'));
  try {
    const file = path.join(out, 'bom.json');
    const started = performance.now();
    const run = spawnSync(cdxgen.command, [...cdxgen.prefix, '--no-install-deps', '--spec-version', '1.6', '--no-validate', '-o', file, dir], {
      encoding: 'utf8',
      timeout: 600_000,
      env: { ...process.env, FETCH_LICENSE: 'false', CDXGEN_TELEMETRY: 'false', HTTP_PROXY: 'http://127.0.0.1:9', HTTPS_PROXY: 'http://127.0.0.1:9', NO_PROXY: '' },
    });
    const ms = performance.now() - started;
    if (!existsSync(file)) {
      const reason = `${run.stderr ?? ''}${run.stdout ?? ''}`.split('\n').filter((line) => /error|failed|invalid/i.test(line)).slice(-2).join(' / ');
      return { ms, error: `no BOM written (exit ${run.status}): ${reason || 'no reason given'}` };
    }
    return { bom: JSON.parse(readFileSync(file, 'utf8')) as unknown, ms };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** Runs `aspm scan DIR --format cyclonedx` (the bundle, as shipped), without a backend. */
export function runAspm(dir: string): { bom?: unknown; ms: number; error?: string } {
  const started = performance.now();
  const run = spawnSync(process.execPath, [cliBundle, 'scan', dir, '--format', 'cyclonedx'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: { ...process.env, ASPM_BACKEND_URL: '' } });
  const ms = performance.now() - started;
  return run.status === 0 ? { bom: JSON.parse(run.stdout) as unknown, ms } : { ms, error: run.stderr.trim().split('\n')[0] };
}
