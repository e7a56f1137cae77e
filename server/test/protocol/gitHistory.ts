import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { copyWorkspace } from './lspTestClient';

/** Runs git in a test repository with a fixed identity and no user or system configuration. */
export function git(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=ASPM Test', '-c', 'user.email=test@aspm.invalid', '-c', 'commit.gpgsign=false', ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' },
  });
}

/** A lockfile or manifest as the edits here see it: sections of records. */
type JsonSections = Record<string, Record<string, Record<string, string>>>;

function editJson(file: string, edit: (json: JsonSections) => void): void {
  const json = JSON.parse(readFileSync(file, 'utf8')) as JsonSections;
  edit(json);
  writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
}

/**
 * A copy of `node-express-deploy` with a git history shaped like a feature branch:
 * - `main` (the base): lodash locked at the fixed 4.17.21, sanitize-html at the vulnerable 2.3.0, and no `cache`
 *   service in docker-compose.yml;
 * - `feature` (checked out): lodash back at the vulnerable 4.17.15 (a changed version), sanitize-html upgraded to the
 *   fixed 2.3.1, the unpinned `cache: redis` service added (a new IaC resource);
 * - uncommitted: line 9 of src/routes/login.ts (the SQL injection the backend reports) rewritten.
 * `main` moves on after the branch point (a commit the branch does not have), so only the merge-base is right.
 */
export function featureBranchWorkspace(): ReturnType<typeof copyWorkspace> {
  const workspace = copyWorkspace('node-express-deploy');
  const dir = workspace.dir;
  const lockfile = path.join(dir, 'package-lock.json');
  const compose = path.join(dir, 'docker-compose.yml');
  const fixtureLock = readFileSync(lockfile, 'utf8');
  const fixtureCompose = readFileSync(compose, 'utf8');
  editJson(lockfile, (lock) => {
    lock.packages!['node_modules/lodash']!.version = '4.17.21';
  });
  writeFileSync(compose, fixtureCompose.slice(0, fixtureCompose.indexOf('  cache:')));
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'base');
  git(dir, 'checkout', '-q', '-b', 'feature');
  writeFileSync(lockfile, fixtureLock);
  writeFileSync(compose, fixtureCompose);
  editJson(lockfile, (lock) => {
    lock.packages!['node_modules/sanitize-html']!.version = '2.3.1';
  });
  editJson(path.join(dir, 'package.json'), (manifest) => {
    (manifest.dependencies as unknown as Record<string, string>)['sanitize-html'] = '2.3.1';
  });
  git(dir, 'commit', '-q', '-am', 'feature: cache, dependency updates');
  git(dir, 'checkout', '-q', 'main');
  writeFileSync(path.join(dir, 'CHANGELOG.md'), '# Changes on main after the branch point\n');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'main moves on');
  git(dir, 'checkout', '-q', 'feature');
  const login = path.join(dir, 'src', 'routes', 'login.ts');
  const lines = readFileSync(login, 'utf8').split('\n');
  lines[8] = `${lines[8]} // TODO: parameterize`;
  writeFileSync(login, lines.join('\n'));
  return workspace;
}
