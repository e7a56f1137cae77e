import { strict as assert } from 'node:assert';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fixturePath } from '../test/fixtures';
import type { Logger } from '../engine/ports';
import { WorkspaceEngine } from '../engine/workspaceEngine';
import { createNodeWorkspace } from './nodeEngine';
import { decodeUtf8 } from './nodeFileSystem';
import { TreeSitterHost } from './treeSitterHost';
import { wasmLocator } from './wasmLocator';

const quietLog: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
const bom = Buffer.from([0xef, 0xbb, 0xbf]);

/** Every file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

/** What the engine makes of a folder without a backend: packages, local findings and problems, as plain JSON. */
async function indexFolder(host: TreeSitterHost, dir: string): Promise<unknown> {
  const workspace = await createNodeWorkspace(dir, host, quietLog, { explicitRepository: 'github.com/acme/x', sarifGlobs: ['**/*.sarif'] }, (ports) => new WorkspaceEngine(ports));
  await workspace.engine.indexAll();
  const analysis = workspace.engine.analyze({ minPriority: 0, showUnreachable: true });
  return JSON.parse(
    JSON.stringify({
      packages: workspace.engine.installedPackages(),
      problems: workspace.engine.filesWithProblems().map((file) => [file, workspace.engine.problemsOf(file)]),
      findings: analysis.services.flatMap((service) => service.findings.map((analyzed) => [analyzed.finding.id, analyzed.location, analyzed.reachability.tier])),
    }),
  );
}

suite('host/nodeFileSystem: decoding', () => {
  let host: TreeSitterHost;
  const temp: string[] = [];

  suiteSetup(async () => {
    host = await TreeSitterHost.create(wasmLocator(__dirname));
  });

  suiteTeardown(() => {
    for (const dir of temp) {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('decoding drops a UTF-8 byte order mark, keeps the rest, and turns invalid bytes into U+FFFD', () => {
    assert.equal(decodeUtf8(Buffer.concat([bom, Buffer.from('{"a":1}')])), '{"a":1}');
    assert.equal(decodeUtf8(Buffer.concat([bom, bom, Buffer.from('x')])), '\ufeffx', 'only the first mark is an encoding signature');
    assert.equal(decodeUtf8(Buffer.from('a\ufeffb')), 'a\ufeffb');
    assert.equal(decodeUtf8(Buffer.from([0xff, 0x41])), '\ufffdA');
  });

  // Issue 13 §8: a BOM on package-lock.json or yarn.lock was rejected, dropping the whole dependency graph.
  for (const workspace of ['node-express', 'yarn-classic', 'yarn-berry', 'pnpm-workspace', 'python-flask', 'go-service', 'java-maven', 'k8s-manifests', 'terraform-aws']) {
    test(`${workspace}: every file with a byte order mark reads exactly as without (lockfiles, manifests, YAML, TOML, SARIF)`, async () => {
      const plain = mkdtempSync(path.join(tmpdir(), `aspm-plain-${workspace}-`));
      const marked = mkdtempSync(path.join(tmpdir(), `aspm-bom-${workspace}-`));
      temp.push(plain, marked);
      for (const dir of [plain, marked]) {
        cpSync(fixturePath('workspaces', workspace), dir, { recursive: true });
        cpSync(fixturePath('sarif', 'semgrep.sarif'), path.join(dir, 'reports', 'semgrep.sarif'));
      }
      for (const file of filesUnder(marked)) {
        writeFileSync(file, Buffer.concat([bom, readFileSync(file)]));
      }
      const expected = await indexFolder(host, plain);
      assert.ok(JSON.stringify(expected).length > 200, 'the fixture gives facts to compare');
      assert.deepEqual(await indexFolder(host, marked), expected);
    });
  }
});
