import { strict as assert } from 'node:assert';
import { readFixture } from './fixtures';

/** The files of test-fixtures/workspaces/node-secrets that hold test secrets. */
export const secretFixtureFiles = ['lib/insecurity.ts', 'config/signing.pem', 'config/aws.ts', 'src/notify.js'] as const;

/**
 * The secret material of a text: the bodies of its PEM private keys (not the BEGIN/END lines, which are no secret),
 * and the fixture's made-up tokens (AWS secret access key, GitHub token, the key part of the Slack webhook URL).
 */
export function secretMaterialOf(text: string): string[] {
  const material: string[] = [];
  for (const block of text.matchAll(/-----BEGIN [A-Z ]*PRIVATE KEY-----([\s\S]*?)-----END [A-Z ]*PRIVATE KEY-----/g)) {
    material.push(...block[1]!.split(/\\r\\n|\\n|\r?\n/).filter((line) => line.length >= 16));
  }
  for (const token of text.matchAll(/ghp_[A-Za-z0-9]{36}|fakeASPMtestSecretKey0+|T[A-Z0-9]{8}\/B[A-Z0-9]{8}\/[A-Za-z0-9]{24}/g)) {
    material.push(token[0]);
  }
  return material;
}

/** Every secret of the node-secrets fixture workspace (the texts the test outputs must never contain). */
export function nodeSecretsMaterial(): string[] {
  return secretFixtureFiles.flatMap((file) => secretMaterialOf(readFixture('workspaces', 'node-secrets', file)));
}

/**
 * Asserts that `output` holds no piece of any secret: no 12-character stretch of one (a redaction may show at most the
 * first 4 characters).
 */
export function assertNoSecretMaterial(output: string, material: readonly string[], what: string): void {
  assert.ok(material.length > 0, 'there is secret material to look for');
  for (const secret of material) {
    for (let at = 0; at + 12 <= secret.length; at += 4) {
      const piece = secret.slice(at, at + 12);
      assert.ok(!output.includes(piece), `${what} contains part of a secret (${secret.slice(0, 4)}…, at ${at})`);
    }
  }
}
