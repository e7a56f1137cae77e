import { strict as assert } from 'node:assert';
import type { Severity } from '../model/severity';
import { secretFindings, secretRuleId, type SecretMatch } from './secretFinding';

const at = (line: number, start: number, end: number, endLine = line): SecretMatch['range'] => ({ start: { line, character: start }, end: { line: endLine, character: end } });
const docs = (rule: string, id: string): string => `https://github.com/secretlint/secretlint/blob/master/packages/%40secretlint/secretlint-rule-${rule}/README.md#${id}`;

suite('core/secrets: secret findings', () => {
  const cases: { match: SecretMatch; ruleId: string; severity: Severity; title: RegExp }[] = [
    { match: { detectorRuleId: '@secretlint/secretlint-rule-privatekey', messageId: 'PrivateKey', range: at(4, 20, 950) }, ruleId: 'secretlint/privatekey/PrivateKey', severity: 'critical', title: /^Private key/ },
    { match: { detectorRuleId: '@secretlint/secretlint-rule-gcp', messageId: 'PrivateKeyJSON', range: at(0, 0, 3, 12) }, ruleId: 'secretlint/gcp/PrivateKeyJSON', severity: 'critical', title: /GCP service account key/ },
    { match: { detectorRuleId: '@secretlint/secretlint-rule-aws', messageId: 'AWSSecretAccessKey', range: at(5, 26, 66) }, ruleId: 'secretlint/aws/AWSSecretAccessKey', severity: 'high', title: /^AWS secret access key/ },
    { match: { detectorRuleId: '@secretlint/secretlint-rule-github', messageId: 'GITHUB_TOKEN', range: at(2, 21, 61) }, ruleId: 'secretlint/github/GITHUB_TOKEN', severity: 'high', title: /^GitHub token/ },
    { match: { detectorRuleId: '@secretlint/secretlint-rule-slack', messageId: 'IncomingWebhook', range: at(4, 22, 99) }, ruleId: 'secretlint/slack/IncomingWebhook', severity: 'high', title: /^Slack incoming webhook/ },
    { match: { detectorRuleId: 'secretlint-rule-newthing', messageId: 'SOME_NewToken', range: at(0, 0, 5) }, ruleId: 'secretlint/newthing/SOME_NewToken', severity: 'high', title: /^SOME New Token/ },
  ];
  for (const { match, ruleId, severity, title } of cases) {
    test(`${match.messageId}: ${ruleId}, ${severity}`, () => {
      const [finding] = secretFindings('src/app.ts', [match]);
      assert.equal(finding?.kind, 'secret');
      assert.equal(finding.ruleId, ruleId);
      assert.equal(secretRuleId(match), ruleId);
      assert.equal(finding.severity, severity);
      assert.match(finding.title, title);
      // 1-based lines and columns, end column exclusive (the SARIF convention of CodeRegion).
      assert.deepEqual(
        { startLine: finding.location?.startLine, startColumn: finding.location?.startColumn, endLine: finding.location?.endLine, endColumn: finding.location?.endColumn },
        { startLine: match.range.start.line + 1, startColumn: match.range.start.character + 1, endLine: match.range.end.line + 1, endColumn: match.range.end.character + 1 },
      );
      assert.equal(finding.location?.snippet, undefined, 'no snippet: it would be the secret');
      assert.deepEqual(finding.sources, ['aspm-secrets']);
    });
  }

  test('links the rule documentation, https only', () => {
    const [linked, unlinked] = secretFindings('a.ts', [
      { detectorRuleId: '@secretlint/secretlint-rule-github', messageId: 'GITHUB_TOKEN', range: at(0, 0, 40), docsUrl: docs('github', 'GITHUB_TOKEN') },
      { detectorRuleId: '@secretlint/secretlint-rule-slack', messageId: 'SLACK_TOKEN', range: at(1, 0, 40), docsUrl: 'javascript:alert(1)' },
    ]);
    assert.equal(linked?.links?.advisory, docs('github', 'GITHUB_TOKEN'));
    assert.equal(unlinked?.links, undefined);
  });

  test('ids count the secrets of one rule in a file, so they do not change when lines move', () => {
    const token = (line: number): SecretMatch => ({ detectorRuleId: '@secretlint/secretlint-rule-github', messageId: 'GITHUB_TOKEN', range: at(line, 0, 40) });
    const key: SecretMatch = { detectorRuleId: '@secretlint/secretlint-rule-privatekey', messageId: 'PrivateKey', range: at(9, 0, 9) };
    const before = secretFindings('a.ts', [token(1), key, token(20)]).map((finding) => finding.id);
    const after = secretFindings('a.ts', [token(3), key, token(22)]).map((finding) => finding.id);
    assert.deepEqual(before, ['secretlint/github/GITHUB_TOKEN:a.ts:1', 'secretlint/privatekey/PrivateKey:a.ts:1', 'secretlint/github/GITHUB_TOKEN:a.ts:2']);
    assert.deepEqual(after, before);
  });
});
