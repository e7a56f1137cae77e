import { strict as assert } from 'node:assert';
import { readFixture } from '../../../test/fixtures';
import { analyzeIacFile } from './analyzeIacFile';
import { analyzeText, assertMatchesAnnotations } from './iacTestKit.test';

const mainPath = 'test-fixtures/workspaces/terraform-aws/main.tf';

suite('core/index/iac/terraform', () => {
  test('finds exactly the annotated findings and signals of terraform-aws/main.tf', async () => {
    const text = readFixture('workspaces', 'terraform-aws', 'main.tf');
    assertMatchesAnnotations(text, await analyzeText(mainPath, text), 'main.tf');
  });

  test('resources and module calls have stable addresses and whole-block ranges', async () => {
    const text = readFixture('workspaces', 'terraform-aws', 'main.tf');
    const { resources, problems } = await analyzeText(mainPath, text);
    assert.deepEqual(problems, []);
    assert.deepEqual(
      resources.map((resource) => resource.address),
      [
        'module.vpc',
        'aws_security_group.ssh',
        'aws_security_group.admin',
        'aws_security_group.alb',
        'aws_security_group_rule.alb_https',
        'aws_s3_bucket.assets',
        'aws_s3_bucket_public_access_block.assets',
        'aws_s3_bucket_acl.assets',
        'aws_db_instance.orders',
        'aws_lb.web',
        'aws_alb.legacy',
        'aws_lb.internal_api',
      ],
    );
    const lines = text.split('\n');
    const header = lines.indexOf('resource "aws_security_group" "ssh" {');
    const closing = lines.indexOf('}', header);
    const ssh = resources.find((resource) => resource.address === 'aws_security_group.ssh')!;
    assert.deepEqual(ssh, {
      tool: 'terraform',
      type: 'aws_security_group',
      name: 'ssh',
      address: 'aws_security_group.ssh',
      location: { path: mainPath, range: { start: { line: header, character: 0 }, end: { line: closing, character: 1 } } },
    });
    const vpc = resources.find((resource) => resource.address === 'module.vpc')!;
    assert.equal(vpc.type, 'module');
    assert.equal(vpc.location.range.start.line, lines.indexOf('module "vpc" {'));
  });

  test('signals say what is exposed in a plain sentence, on the line that says so', async () => {
    const text = readFixture('workspaces', 'terraform-aws', 'main.tf');
    const { signals } = await analyzeText(mainPath, text);
    const lines = text.split('\n');
    const table: [string, string][] = [
      ['aws_security_group.ssh allows ingress from 0.0.0.0/0 on port 22', '    cidr_blocks = ["0.0.0.0/0"]'],
      ['aws_security_group.ssh allows ingress from ::/0 on port 22', '    ipv6_cidr_blocks = ["::/0"]'],
      ['aws_security_group_rule.alb_https allows ingress from 0.0.0.0/0 on port 443', '  cidr_blocks       = ["0.0.0.0/0"]'],
      ['aws_db_instance.orders is reachable from the internet (publicly_accessible = true)', '  publicly_accessible = true'],
      ['aws_lb.web is internet-facing (internal = false)', '  internal           = false'],
      ['aws_alb.legacy is internet-facing: internal is not set, and AWS defaults to internet-facing', 'resource "aws_alb" "legacy" {'],
    ];
    for (const [message, line] of table) {
      const signal = signals.find((candidate) => candidate.message === message);
      assert.ok(signal, `no signal "${message}"`);
      assert.equal(lines[signal.location.range.start.line], line, message);
    }
    const ssh = signals.find((signal) => signal.message.startsWith('aws_security_group.ssh allows ingress from 0.0.0.0/0'))!;
    // The range is the open CIDR string itself, quotes included.
    assert.deepEqual(ssh.location.range, { start: { line: lines.indexOf('    cidr_blocks = ["0.0.0.0/0"]'), character: 19 }, end: { line: lines.indexOf('    cidr_blocks = ["0.0.0.0/0"]'), character: 30 } });
  });

  test('a file with only variables declares nothing and has no problems', async () => {
    const analysis = await analyzeText('variables.tf', readFixture('workspaces', 'terraform-aws', 'variables.tf'));
    assert.deepEqual(analysis, { resources: [], signals: [], findings: [], problems: [] });
  });

  test('malformed HCL: problems with their line, and the readable resources are kept', async () => {
    const text = ['resource "aws_db_instance" "ok" {', '  publicly_accessible = true', '}', 'resource "aws_instance" "broken" {', '  tags = [1,', '}', ''].join('\n');
    const analysis = await analyzeText('broken.tf', text);
    assert.deepEqual(
      analysis.resources.map((resource) => resource.address),
      ['aws_db_instance.ok', 'aws_instance.broken'],
    );
    assert.deepEqual(
      analysis.findings.map((finding) => finding.ruleId),
      ['iac-public-database'],
    );
    assert.ok(analysis.problems.length > 0, 'a syntax problem is reported');
    assert.ok(analysis.problems.every((problem) => problem.path === 'broken.tf' && problem.message.startsWith('Terraform syntax error')));
    assert.equal(analysis.problems[0]!.range?.start.line, 4);
  });

  test('an unterminated block is reported as a missing brace', async () => {
    const analysis = await analyzeText('open.tf', 'resource "aws_lb" "x" {\n  internal = true\n');
    assert.deepEqual(
      analysis.problems.map((problem) => problem.message),
      ['Terraform syntax error: missing "}"'],
    );
    assert.deepEqual(
      analysis.resources.map((resource) => resource.address),
      ['aws_lb.x'],
    );
  });

  test('attributes of dynamic blocks belong to the block they generate', async () => {
    const text = [
      'resource "aws_security_group" "dyn" {',
      '  dynamic "ingress" {',
      '    for_each = var.ports',
      '    content {',
      '      from_port   = 3389',
      '      to_port     = 3389',
      '      protocol    = "tcp"',
      '      cidr_blocks = ["0.0.0.0/0"]',
      '    }',
      '  }',
      '}',
    ].join('\n');
    const { findings } = await analyzeText('dyn.tf', text);
    assert.deepEqual(
      findings.map((finding) => [finding.ruleId, finding.location?.startLine, finding.severity, finding.location?.message]),
      [['iac-open-ingress', 8, 'high', 'aws_security_group.dyn allows ingress from 0.0.0.0/0 on port 3389']],
    );
  });

  test('without syntax matches Terraform is not analysed, with a problem instead of a throw', () => {
    const analysis = analyzeIacFile('terraform', 'x.tf', 'resource "a" "b" {}');
    assert.deepEqual(analysis.resources, []);
    assert.equal(analysis.problems.length, 1);
  });
});
