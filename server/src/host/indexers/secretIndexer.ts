import { posix } from 'node:path';
import { lintSource } from '@secretlint/core';
import { secretLintProfiler } from '@secretlint/profiler';
import { creator as recommendedPreset } from '@secretlint/secretlint-rule-preset-recommend';
import type { FileFacts } from '../../core/model/fileFacts';
import { LineIndex } from '../../core/model/location';
import { secretFindings, type SecretMatch } from '../../core/secrets/secretFinding';
import type { OpenDocumentFacts, SourceIndexer } from '../../engine/ports';

// secretlint marks every rule run on its process-wide profiler, whose observer keeps every mark and, for each end
// mark, scans all of them: quadratic in the files scanned (a 10,000-file cold index spent most of its time there)
// and never freed. Nothing here reads the profile, so the marks are not made.
secretLintProfiler.mark = () => undefined;

/** secretlint's recommended preset, every rule with its defaults (AWS's documentation example keys are allowed). */
const config: Parameters<typeof lintSource>[0]['options']['config'] = { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend', rule: recommendedPreset }] };

/** Source files: programming languages, templates and scripts. */
const sourceExtensions = new Set([
  'js', 'jsx', 'mjs', 'cjs', 'ts', 'tsx', 'mts', 'cts', 'vue', 'svelte', 'astro',
  'py', 'pyw', 'ipynb', 'go', 'java', 'kt', 'kts', 'scala', 'groovy', 'gradle', 'clj', 'rb', 'erb', 'php', 'cs', 'csx', 'fs', 'vb',
  'swift', 'm', 'mm', 'c', 'h', 'cc', 'cpp', 'cxx', 'hpp', 'rs', 'dart', 'lua', 'pl', 'pm', 'r', 'ex', 'exs', 'erl', 'hs',
  'sh', 'bash', 'zsh', 'fish', 'ps1', 'psm1', 'bat', 'cmd', 'sql',
  'html', 'htm', 'ejs', 'hbs', 'pug', 'jsp', 'aspx', 'cshtml', 'razor', 'twig', 'jinja', 'j2',
  'tf', 'tfvars', 'hcl', 'bicep',
]);

/** Configuration files: data formats, properties, environment files, keys and certificates (a bundle may hold a key). */
const configExtensions = new Set([
  'json', 'jsonc', 'json5', 'yaml', 'yml', 'toml', 'ini', 'cfg', 'conf', 'config', 'cnf', 'properties', 'env', 'xml', 'plist',
  'pem', 'key', 'p8', 'ppk', 'asc', 'tfstate', 'npmrc', 'yarnrc', 'pypirc', 'netrc', 'pgpass', 'htpasswd', 'dockercfg',
]);

/** Files known by their whole name (no telling extension). */
const configNames = new Set([
  '.env', '.npmrc', '.yarnrc', '.yarnrc.yml', '.pypirc', '.netrc', '_netrc', '.pgpass', '.htpasswd', '.dockercfg', '.git-credentials', '.s3cfg',
  'id_rsa', 'id_dsa', 'id_ecdsa', 'id_ed25519', 'dockerfile', 'containerfile', 'jenkinsfile', 'makefile', 'procfile', 'vagrantfile', 'gemfile', 'rakefile',
  'credentials', 'config',
]);

/**
 * Files that hold no secrets of their own, or are machine-written: lockfiles (integrity hashes and registry URLs,
 * up to 64 MB), and `package.json`-shaped manifests are kept (a token in a dependency URL is a real leak).
 */
const lockfileNames = new Set([
  'package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lock', 'composer.lock', 'gemfile.lock', 'cargo.lock',
  'poetry.lock', 'pipfile.lock', 'uv.lock', 'pdm.lock', 'go.sum', 'packages.lock.json', 'gradle.lockfile', 'mix.lock', 'pubspec.lock', 'podfile.lock',
]);

/**
 * Whether built-in secret detection reads a file: source and configuration files by name, minus lockfiles, minified
 * or generated bundles (`*.min.js`, source maps) and documentation (`*.md`, `*.txt`: examples, not configuration).
 * Dependency folders, ignored files, binary content and files over the size limit never reach it (the walker).
 * Folders of tests are read: a real key in a test is as leaked as anywhere else; ignore it in `.aspm/ignore.yaml`.
 */
export function isSecretScanned(path: string): boolean {
  const name = (path.slice(path.lastIndexOf('/') + 1) || path).toLowerCase();
  if (lockfileNames.has(name) || /\.min\.[cm]?(js|css)$|[.-]min\.js$|\.map$|\.bundle\.js$/.test(name)) {
    return false;
  }
  if (configNames.has(name) || name.startsWith('.env.') || name.startsWith('dockerfile.') || name.endsWith('.dockerfile')) {
    return true;
  }
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 ? name.slice(dot + 1) : '';
  return sourceExtensions.has(extension) || configExtensions.has(extension);
}

/** Bundled or minified code: long lines on average (a bundle's secrets are its sources', reported there). */
function looksMinified(path: string, text: string): boolean {
  if (text.length < 20_000 || !/\.[cm]?js$|\.css$/i.test(path)) {
    return false;
  }
  let lines = 1;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) {
    lines++;
  }
  return text.length / lines > 500;
}

/** The rules of the recommended preset that {@link secretCandidate} was checked against (a test keeps them in step). */
export const prefilteredRuleIds = [
  '@secretlint/secretlint-rule-aws',
  '@secretlint/secretlint-rule-gcp',
  '@secretlint/secretlint-rule-privatekey',
  '@secretlint/secretlint-rule-npm',
  '@secretlint/secretlint-rule-basicauth',
  '@secretlint/secretlint-rule-slack',
  '@secretlint/secretlint-rule-sendgrid',
  '@secretlint/secretlint-rule-shopify',
  '@secretlint/secretlint-rule-github',
  '@secretlint/secretlint-rule-openai',
  '@secretlint/secretlint-rule-linear',
  '@secretlint/secretlint-rule-1password',
  '@secretlint/secretlint-rule-filter-comments',
];

/**
 * A literal that each pattern of the preset's rules requires in a text before it can match (secretlint 10.2): AWS's
 * secret access key needs `SECRET`/`secret`/`Secret` (the key id is not scanned by default), npm `npm_`,
 * `_authToken=` (`.npmrc`) or a URL, basic auth and Slack's webhooks `://`, Slack's tokens `xox?-`/`xapp-`, a
 * private key `-----BEGIN`, SendGrid `SG.`, Shopify `shp??_`, GitHub `gh?_`/`github_pat_`, OpenAI `T3BlbkFJ`,
 * Linear `lin_api_`, 1Password `ops_ey`. The comment filter only drops other rules' reports. The GCP rule parses a
 * whole `.json` (or reads a `.p12`) file, by the `ext` secretlint is given: such files are always scanned.
 */
const secretCandidate = /SECRET|[Ss]ecret|npm_|_authToken=|:\/\/|xox[bpaor]-|xapp-|-----BEGIN|SG\.|shp(?:pa|ca|at|ss)_|gh[pousr]_|github_pat_|T3BlbkFJ|lin_api_|ops_ey/;

/** Whether secretlint's recommended preset could report anything in a text: when not, the (costly) lint is skipped. */
export function mayHoldSecret(path: string, text: string): boolean {
  return /\.(?:json|p12)$/i.test(path) || secretCandidate.test(text);
}

/**
 * The secrets secretlint's recommended preset finds in a text, as places only: the matched text is dropped here
 * (and masked inside secretlint), so it never leaves this function.
 */
export async function scanSecrets(path: string, text: string): Promise<SecretMatch[]> {
  if (looksMinified(path, text) || !mayHoldSecret(path, text)) {
    return [];
  }
  const result = await lintSource({
    // The repository path, never read from disk: the rules see the text given (an open document's live text).
    // `ext` selects the rules that read a whole file by its kind (the GCP rule parses `.json` service account keys).
    source: { filePath: path, ext: posix.extname(path).toLowerCase(), content: text, contentType: 'text' },
    options: { config, maskSecrets: true, noPhysicFilePath: true },
  });
  if (result.messages.length === 0) {
    return [];
  }
  const lines = new LineIndex(text);
  const found = result.messages.map((message) => ({ message, offsets: exactRange(message.messageId, text, message.range) }));
  // A service account key is also a private key: it is said once, as what it is.
  const serviceAccountKeys = found.filter(({ message }) => message.messageId === 'PrivateKeyJSON').map(({ offsets }) => offsets);
  const isInServiceAccountKey = ([start, end]: readonly [number, number]): boolean => serviceAccountKeys.some(([keyStart, keyEnd]) => start >= keyStart && end <= keyEnd);
  return found
    .filter(({ message, offsets }) => message.messageId !== 'PrivateKey' || !isInServiceAccountKey(offsets))
    .map(({ message, offsets: [start, end] }) => ({
      detectorRuleId: message.ruleId,
      messageId: message.messageId,
      range: { start: lines.positionAt(start), end: lines.positionAt(end) },
      ...(message.docsUrl !== undefined ? { docsUrl: message.docsUrl } : {}),
    }));
}

/**
 * The offsets of the secret itself. secretlint's AWS rule reports the secret's length from the start of the whole
 * `aws_secret_access_key = "…"` assignment; the key is the 40 characters after it.
 */
function exactRange(messageId: string, text: string, [start, end]: readonly [number, number]): [number, number] {
  if (messageId === 'PrivateKeyJSON') {
    // The GCP rule reports the whole JSON file: the key is the `private_key` member's string.
    const member = /"private_key"\s*:\s*"((?:[^"\\]|\\.)*)"/.exec(text);
    return member ? [member.index + member[0].length - member[1]!.length - 1, member.index + member[0].length - 1] : [start, end];
  }
  if (messageId !== 'AWSSecretAccessKey') {
    return [start, end];
  }
  const key = /[A-Za-z0-9/+=]{40}(?![A-Za-z0-9/+=])/g;
  key.lastIndex = start;
  const found = key.exec(text);
  return found && found.index < start + 200 ? [found.index, found.index + 40] : [start, end];
}

/** Runs a scan elsewhere (a worker thread) and returns its facts. */
export type SecretScan = (path: string, text: string) => Promise<FileFacts>;

/**
 * Built-in secret detection (secretlint, recommended preset) over source and configuration files
 * ({@link isSecretScanned}), except local reports (`isReportPath`: a scanner's SARIF may quote the secrets it found).
 * Files on disk are scanned where the indexer runs (a worker of the pool). Open documents are scanned through
 * `openScan` when given (a worker, so a large document never blocks the caller's event loop): once when opened; after
 * an edit a document keeps its last secrets (unsettled) until `settleOpen` scans the live text again, once the edit's
 * diagnostics are out, at most one scan per document at a time, the versions typed meanwhile skipped.
 */
export function secretIndexer(isReportPath: (path: string) => boolean, openScan?: SecretScan): SourceIndexer {
  const open = new Map<string, { facts: FileFacts; latest?: string; running?: Promise<FileFacts> }>();
  const scan = async (path: string, text: string): Promise<FileFacts> => {
    const findings = secretFindings(path, await scanSecrets(path, text));
    return findings.length > 0 ? { findings } : {};
  };
  return {
    handles: (path) => isSecretScanned(path) && !isReportPath(path),
    // Any text file may hold a secret, but a large data file or a binary key store is not worth a problem.
    isOptional: () => true,
    index: scan,
    async indexOpen(path, text): Promise<OpenDocumentFacts> {
      const known = open.get(path);
      if (known) {
        return { facts: known.facts, isSettled: false };
      }
      const facts = await (openScan ?? scan)(path, text);
      open.set(path, { facts });
      return { facts, isSettled: true };
    },
    async settleOpen(path, text): Promise<FileFacts | undefined> {
      const known = open.get(path);
      if (!known) {
        return undefined;
      }
      known.latest = text;
      while (known.running) {
        await known.running.catch(() => undefined); // the scan of an older version
        if (known.latest !== text) {
          return undefined; // typed again meanwhile: the newer call scans
        }
      }
      const running = (openScan ?? scan)(path, text);
      known.running = running;
      try {
        const facts = await running;
        const isChanged = JSON.stringify(facts) !== JSON.stringify(known.facts);
        known.facts = facts;
        return isChanged ? facts : undefined;
      } finally {
        known.running = undefined;
      }
    },
    release(path) {
      open.delete(path);
    },
  };
}
