import { strict as assert } from 'node:assert';
import { generateKeyPairSync } from 'node:crypto';
import type { Finding } from '../../core/model/finding';
import { readFixture } from '../../test/fixtures';
import { assertNoSecretMaterial, secretFixtureFiles, secretMaterialOf } from '../../test/secretMaterial';
import { WorkerIndexer } from '../workerIndexer';
import { createSecretIndexer } from '../sourceIndexer';
import { creator as recommendedPreset } from '@secretlint/secretlint-rule-preset-recommend';
import { isSecretScanned, mayHoldSecret, prefilteredRuleIds, scanSecrets, secretIndexer } from './secretIndexer';

/** A fresh RSA key for this run only: real key material that nothing anywhere uses. */
const pem = generateKeyPairSync('rsa', { modulusLength: 1024, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } }).privateKey;
const lines = (...text: string[]): string => `${text.join('\n')}\n`;

/** `// expect: <rule id>` annotations: rule id → 0-based line of the next line. */
function expectations(text: string): { ruleId: string; line: number }[] {
  const found: { ruleId: string; line: number }[] = [];
  text.split('\n').forEach((line, index) => {
    const match = /^\s*(?:\/\/|#)\s*expect:\s*(\S+)\s*$/.exec(line);
    if (match) {
      found.push({ ruleId: match[1]!, line: index + 1 });
    }
  });
  return found;
}

const summary = (findings: readonly Finding[] | undefined): { ruleId?: string; line: number }[] => (findings ?? []).map((finding) => ({ ruleId: finding.ruleId, line: finding.location!.startLine! - 1 }));

suite('host/indexers: built-in secret detection (secretlint, recommended preset)', () => {
  const indexer = secretIndexer(() => false);

  const invalid: { name: string; path: string; text: string; expect: { ruleId: string; line: number; severity?: string }[] }[] = [
    { name: 'a PEM private key in a template literal', path: 'src/keys.ts', text: lines('// keys', `export const key = \`${pem}\`;`), expect: [{ ruleId: 'secretlint/privatekey/PrivateKey', line: 1, severity: 'critical' }] },
    { name: 'a PEM private key in a .env file', path: '.env.production', text: lines('PORT=80', `JWT_KEY="${pem.replace(/\n/g, '\\n')}"`), expect: [{ ruleId: 'secretlint/privatekey/PrivateKey', line: 1 }] },
    {
      name: 'an AWS access key pair in YAML (the secret access key is reported)',
      path: 'deploy/values.yaml',
      text: lines('aws:', '  aws_access_key_id: AKIAFAKE0ASPM0TEST00', '  aws_secret_access_key: fakeASPMtestSecretKey0000000000000000000'),
      expect: [{ ruleId: 'secretlint/aws/AWSSecretAccessKey', line: 2, severity: 'high' }],
    },
    { name: 'a GitHub token', path: 'scripts/release.py', text: lines('import os', 'TOKEN = "ghp_FAKEt0kenF0rASPMtests0000000000000000"'), expect: [{ ruleId: 'secretlint/github/GITHUB_TOKEN', line: 1 }] },
    { name: 'a Slack webhook', path: 'config/alerts.json', text: lines('{', '  "hook": "https://hooks.slack.com/services/TFAKE0000/BFAKE0000/aspmTestWebhookNotReal000"', '}'), expect: [{ ruleId: 'secretlint/slack/IncomingWebhook', line: 1 }] },
  ];
  for (const { name, path, text, expect } of invalid) {
    test(`reports ${name}, redacted`, async () => {
      const facts = await indexer.index(path, text);
      assert.deepEqual(summary(facts.findings), expect.map(({ ruleId, line }) => ({ ruleId, line })));
      for (const [at, expected] of expect.entries()) {
        if (expected.severity) {
          assert.equal(facts.findings?.[at]?.severity, expected.severity);
        }
      }
      assertNoSecretMaterial(JSON.stringify(facts), secretMaterialOf(text), name);
    });
  }

  const valid: { name: string; path: string; text: string }[] = [
    { name: "AWS's documentation example pair (allowed by secretlint)", path: 'config/aws.ts', text: lines("const id = 'AKIAIOSFODNN7EXAMPLE';", "const aws_secret_access_key = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';") },
    { name: 'an access key id alone (an identifier, not a secret)', path: 'config/aws.ts', text: lines("const id = 'AKIAFAKE0ASPM0TEST00';") },
    { name: 'a public key', path: 'keys/jwt.pub.pem', text: generateKeyPairSync('ec', { namedCurve: 'P-256', publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } }).publicKey },
    { name: 'a secret on a secretlint-disable-line comment', path: 'test/token.ts', text: lines('const token = "ghp_FAKEt0kenF0rASPMtests0000000000000000"; // secretlint-disable-line') },
    { name: 'a minified bundle (its sources are scanned instead)', path: 'public/app.js', text: `${'var a=1;'.repeat(4000)}var t="ghp_FAKEt0kenF0rASPMtests0000000000000000";` },
  ];
  for (const { name, path, text } of valid) {
    test(`does not report ${name}`, async () => {
      assert.deepEqual((await indexer.index(path, text)).findings ?? [], []);
    });
  }

  test('the AWS secret access key range is the key itself, not the start of its assignment', async () => {
    const text = lines('aws:', '  aws_secret_access_key: fakeASPMtestSecretKey0000000000000000000');
    const [match] = await scanSecrets('values.yaml', text);
    assert.deepEqual(match?.range, { start: { line: 1, character: 25 }, end: { line: 1, character: 65 } });
  });

  test('a GCP service account key file is found, its range the private_key member, and the finding does not quote it', async () => {
    const text = JSON.stringify({ type: 'service_account', project_id: 'aspm-fake', private_key_id: 'f'.repeat(40), private_key: pem, client_email: 'fake@aspm-fake.iam.gserviceaccount.com' }, null, 2);
    const [match] = await scanSecrets('deploy/service-account.json', text);
    assert.equal(match?.messageId, 'PrivateKeyJSON');
    const lineOfKey = text.split('\n').findIndex((line) => line.includes('"private_key":'));
    assert.equal(match.range.start.line, lineOfKey);
    assert.equal(match.range.end.line, lineOfKey, 'the key is one JSON string on its line');
    const facts = await indexer.index('deploy/service-account.json', text);
    assert.deepEqual(summary(facts.findings), [{ ruleId: 'secretlint/gcp/PrivateKeyJSON', line: lineOfKey }]);
    assertNoSecretMaterial(JSON.stringify(facts), pem.split('\n').filter((line) => line !== '' && !line.startsWith('-----')), 'the GCP finding');
  });

  test('every secret of the node-secrets fixture is found on its annotated line, and no finding quotes it', async () => {
    for (const file of secretFixtureFiles.filter((name) => !name.endsWith('.pem'))) {
      const text = readFixture('workspaces', 'node-secrets', file);
      const facts = await indexer.index(file, text);
      assert.deepEqual(summary(facts.findings), expectations(text), file);
      assertNoSecretMaterial(JSON.stringify(facts), secretMaterialOf(text), file);
    }
    const pemFacts = await indexer.index('config/signing.pem', readFixture('workspaces', 'node-secrets', 'config/signing.pem'));
    assert.deepEqual(summary(pemFacts.findings), [{ ruleId: 'secretlint/privatekey/PrivateKey', line: 0 }]);
  });

  test('the text pre-check was checked against every rule of the preset (a new rule needs its literal added)', () => {
    assert.deepEqual(recommendedPreset.rules.map((rule) => rule.meta.id).sort(), [...prefilteredRuleIds].sort());
  });

  // One secret per rule (and per pattern of a rule), assembled here so that no scanner flags this file: each must
  // still be reported with the pre-check in front of secretlint.
  const perRule: { rule: string; path: string; text: string }[] = [
    { rule: 'aws', path: 'deploy/values.yaml', text: lines('aws:', '  aws_secret_access_key: fakeASPMtestSecretKey0000000000000000000') },
    { rule: 'privatekey', path: 'src/keys.ts', text: lines(`export const key = \`${pem}\`;`) },
    { rule: 'npm', path: 'src/publish.ts', text: lines(`const token = '${'npm'}_${'Fa0kE'.repeat(7)}X';`) },
    { rule: 'npm', path: '.npmrc', text: lines(`//registry.example.com/:${'_auth'}Token=fAkE0aspm0token0notreal`) },
    { rule: 'basicauth', path: 'src/db.ts', text: lines(`const url = 'https${'://'}deploy:Kx9fTq2Lm7@db.example.io/app';`) },
    { rule: 'slack', path: 'src/slack.ts', text: lines(`const token = '${'xox'}b-1234567890-aspmFakeToken01';`) },
    { rule: 'slack', path: 'config/alerts.json', text: lines('{', '  "hook": "https://hooks.slack.com/services/TFAKE0000/BFAKE0000/aspmTestWebhookNotReal000"', '}') },
    { rule: 'sendgrid', path: 'src/mail.ts', text: lines(`const key = '${'SG'}.aspmFakeKey00000000000.${'aspmFakeValue000'.repeat(3).slice(0, 43)}';`) },
    { rule: 'shopify', path: 'src/shop.ts', text: lines(`const key = '${'shp'}at_${'a1b2c3d4'.repeat(4)}';`) },
    { rule: 'github', path: 'scripts/release.py', text: lines(`TOKEN = "${'gh'}p_FAKEt0kenF0rASPMtests0000000000000000"`) },
    { rule: 'github', path: 'scripts/release.py', text: lines(`TOKEN = "${'github'}_pat_${'FAKEt0kenF0rASPMtests0'.repeat(4)}aspmfake00"`) },
    { rule: 'openai', path: 'src/ai.ts', text: lines(`const key = 'sk-${'aspmFakeKey0'.repeat(2).slice(0, 20)}${'T3Blbk'}FJ${'aspmFakeKey1'.repeat(2).slice(0, 20)}';`) },
    { rule: 'linear', path: 'src/linear.ts', text: lines(`const key = '${'lin'}_api_${'aspmFakeLinearKey0'.repeat(2)}';`) },
    { rule: '1password', path: 'src/vault.ts', text: lines(`const token = '${'ops'}_${onePasswordToken()}';`) },
  ];
  /** A service account token's shape: base64 of a JSON object, `ey…fQ==` (the object's length is 1 mod 3). */
  function onePasswordToken(): string {
    let json = JSON.stringify({ email: 'aspm-fake@example.invalid', secretKey: 'A3-FAKE-ASPM-TEST-0000', signInAddress: 'example.invalid', pad: '' });
    while (json.length % 3 !== 1) {
      json = json.replace('"pad":"', '"pad":"x');
    }
    return Buffer.from(json).toString('base64');
  }
  for (const { rule, path, text } of perRule) {
    test(`the text pre-check lets a ${rule} secret (${path}) through to secretlint`, async () => {
      assert.equal(mayHoldSecret(path, text), true);
      const found = await scanSecrets(path, text);
      assert.ok(found.some((match) => match.detectorRuleId.includes(rule)), `${rule}: ${JSON.stringify(found)}`);
    });
  }

  test('the text pre-check skips code that no rule can report on', () => {
    const code = lines("import _ from 'lodash';", 'export function total(items: number[]): number {', '  return _.sum(items.map((item) => item * 2));', '}');
    assert.equal(mayHoldSecret('src/total.ts', code), false);
    assert.equal(mayHoldSecret('keys/total.json', code), true, 'the GCP rule parses a whole JSON file');
  });

  test('reads source and configuration files, not lockfiles, bundles, maps, docs or reports', () => {
    const read = ['src/a.ts', 'lib/insecurity.ts', 'app.py', 'main.go', 'Main.java', 'config/settings.yaml', '.env', '.env.local', '.npmrc', 'id_rsa', 'certs/server.key', 'k.pem', 'Dockerfile', 'infra/main.tf', 'package.json', 'appsettings.json'];
    const skipped = ['package-lock.json', 'yarn.lock', 'pnpm-lock.yaml', 'go.sum', 'Cargo.lock', 'public/app.min.js', 'dist/app.js.map', 'README.md', 'notes.txt', 'logo.png', 'font.woff2'];
    assert.deepEqual(read.filter((path) => !isSecretScanned(path)), []);
    assert.deepEqual(skipped.filter((path) => isSecretScanned(path)), []);
    const withReports = secretIndexer((path) => path.endsWith('.sarif') || path === 'reports/gitleaks.json');
    assert.equal(withReports.handles('reports/gitleaks.json'), false, 'a report may quote the secrets it found');
    assert.equal(withReports.isOptional?.('src/a.ts'), true, 'a file too large or binary is skipped quietly');
  });

  test('an open document keeps its secrets while typed, and settles them on the live text', async () => {
    let scans = 0;
    const open = secretIndexer(() => false, async (path, text) => {
      scans++;
      return indexer.index(path, text);
    });
    const text = lines('const a = 1;', 'const t = "ghp_FAKEt0kenF0rASPMtests0000000000000000";');
    const first = await open.indexOpen!('src/a.ts', text);
    assert.equal(first.isSettled, true, 'scanned when it opens');
    assert.equal(scans, 1, 'through the given scan (a worker)');
    assert.deepEqual(summary(first.facts.findings), [{ ruleId: 'secretlint/github/GITHUB_TOKEN', line: 1 }]);
    const edited = `// moved\n// down\n${text}`;
    const typed = await open.indexOpen!('src/a.ts', edited);
    assert.equal(typed.isSettled, false, 'the secrets of the last scan, until settled');
    assert.equal(scans, 1, 'not scanned on the keystroke itself');
    const settled = await open.settleOpen!('src/a.ts', edited);
    assert.equal(scans, 2, 'settled through the given scan');
    assert.deepEqual(summary(settled?.findings), [{ ruleId: 'secretlint/github/GITHUB_TOKEN', line: 3 }]);
    assert.equal(await open.settleOpen!('src/a.ts', edited), undefined, 'nothing new');
  });

  test('settling skips the versions typed while a scan ran: only the latest text is scanned next', async () => {
    const texts: string[] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const open = secretIndexer(() => false, async (path, text) => {
      texts.push(text);
      if (text !== 'v0') {
        await gate;
      }
      return indexer.index(path, text);
    });
    await open.indexOpen!('a.ts', 'v0');
    const first = open.settleOpen!('a.ts', 'v1');
    const second = open.settleOpen!('a.ts', 'v2');
    const third = open.settleOpen!('a.ts', 'v3');
    release();
    await Promise.all([first, second, third]);
    assert.deepEqual(texts, ['v0', 'v1', 'v3']);
  });

  test('a secrets-only worker finds the same secrets as the thread (open documents are scanned there)', async () => {
    const folder = { repoRoot: '/repo', folder: '/repo', sarifGlobs: ['**/*.sarif'] };
    const workers = new WorkerIndexer({ folder, handles: (path) => indexer.handles(path), workers: 1, parts: 'secrets', fallback: createSecretIndexer(folder) });
    try {
      const text = readFixture('workspaces', 'node-secrets', 'src/notify.js');
      const inWorker = await workers.index('src/notify.js', text);
      assert.equal(workers.stats.started, 1, 'ran in a worker');
      assert.deepEqual(inWorker, await indexer.index('src/notify.js', text));
    } finally {
      await workers.dispose();
    }
  });
});
