import { strict as assert } from 'node:assert';
import { readFixture } from '../../../../test/fixtures';
import type { Severity } from '../../../model/severity';
import { analyzeText, annotationsOf } from '../iacTestKit.test';
import { iacRuleDocsUrl, iacRules } from './index';

/** A file the rule runs on: inline `code`, or a fixture under test-fixtures/ whose `# expect:` annotations say what to find. */
interface Case {
  path: string;
  code?: string;
  fixture?: string[];
}

/** An expected finding: 1-based line, and optionally its severity and whether it offers a quick fix. */
interface Expected {
  ruleId: string;
  line: number;
  severity?: Severity;
  isFixable?: boolean;
}

interface InvalidCase extends Case {
  /** Omitted for fixtures: their annotations are the expectation. */
  expect?: Expected[];
}

const lines = (...text: string[]): string => `${text.join('\n')}\n`;

const deployment = (...podSpec: string[]): string =>
  lines('apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: app', 'spec:', '  template:', '    spec:', ...podSpec.map((line) => `      ${line}`));

const fixtures = {
  terraform: { path: 'main.tf', fixture: ['workspaces', 'terraform-aws', 'main.tf'] },
  kubernetes: { path: 'deployment.yaml', fixture: ['workspaces', 'k8s-manifests', 'deployment.yaml'] },
  hardenedKubernetes: { path: 'api-deployment.yaml', fixture: ['workspaces', 'k8s-manifests', 'api-deployment.yaml'] },
  dockerfile: { path: 'Dockerfile', fixture: ['iac', 'Dockerfile'] },
  compose: { path: 'docker-compose.yml', fixture: ['iac', 'docker-compose.yml'] },
};

/** ESLint RuleTester style: per rule, files it must accept and files it must report (rule id and line). */
const ruleTests: Record<string, { valid: Case[]; invalid: InvalidCase[] }> = {
  'iac-open-ingress': {
    valid: [
      { path: 'a.tf', code: lines('resource "aws_security_group" "a" {', '  ingress {', '    from_port   = 22', '    to_port     = 22', '    cidr_blocks = ["10.0.0.0/8", var.office]', '  }', '}') },
      { path: 'a.tf', code: lines('resource "aws_security_group_rule" "out" {', '  type        = "egress"', '  from_port   = 0', '  to_port     = 0', '  protocol    = "-1"', '  cidr_blocks = ["0.0.0.0/0"]', '}') },
      { path: 'a.tf', code: lines('resource "google_compute_firewall" "deny" {', '  source_ranges = ["0.0.0.0/0"]', '  deny {', '    protocol = "tcp"', '  }', '}') },
      { path: 'a.tf', code: lines('resource "azurerm_network_security_rule" "out" {', '  direction             = "Outbound"', '  access                = "Allow"', '  source_address_prefix = "*"', '}') },
      { path: 'a.tf', code: lines('resource "aws_instance" "not_a_rule" {', '  cidr_blocks = ["0.0.0.0/0"]', '}') },
    ],
    invalid: [
      fixtures.terraform,
      {
        path: 'a.tf',
        code: lines('resource "aws_security_group_rule" "rdp" {', '  type        = "ingress"', '  from_port   = 3389', '  to_port     = 3389', '  protocol    = "tcp"', '  cidr_blocks = ["10.0.0.0/8", "0.0.0.0/0"]', '}'),
        expect: [{ ruleId: 'iac-open-ingress', line: 6, severity: 'high', isFixable: true }],
      },
      {
        path: 'a.tf',
        code: lines('resource "aws_security_group" "all" {', '  ingress {', '    from_port   = 0', '    to_port     = 0', '    protocol    = "-1"', '    cidr_blocks = ["0.0.0.0/0"]', '  }', '}'),
        expect: [{ ruleId: 'iac-open-ingress', line: 6, severity: 'high' }],
      },
      {
        path: 'a.tf',
        code: lines('resource "aws_vpc_security_group_ingress_rule" "https" {', '  from_port   = 443', '  to_port     = 443', '  ip_protocol = "tcp"', '  cidr_ipv4   = "0.0.0.0/0"', '}'),
        expect: [{ ruleId: 'iac-open-ingress', line: 5, severity: 'low', isFixable: true }],
      },
      {
        path: 'a.tf',
        code: lines('resource "google_compute_firewall" "ssh" {', '  allow {', '    protocol = "tcp"', '    ports    = ["22", "8000-8080"]', '  }', '  source_ranges = ["0.0.0.0/0"]', '}'),
        expect: [{ ruleId: 'iac-open-ingress', line: 6, severity: 'high', isFixable: true }],
      },
      {
        path: 'a.tf',
        code: lines(
          'resource "azurerm_network_security_rule" "app" {',
          '  direction              = "Inbound"',
          '  access                 = "Allow"',
          '  destination_port_range = "8080"',
          '  source_address_prefix  = "Internet"',
          '}',
        ),
        expect: [{ ruleId: 'iac-open-ingress', line: 5, severity: 'medium', isFixable: true }],
      },
      {
        path: 'a.tf',
        code: lines('resource "azurerm_network_security_group" "nsg" {', '  security_rule {', '    direction              = "Inbound"', '    access                 = "Allow"', '    destination_port_range = "*"', '    source_address_prefix  = "*"', '  }', '}'),
        expect: [{ ruleId: 'iac-open-ingress', line: 6, severity: 'high' }],
      },
    ],
  },
  'iac-public-bucket': {
    valid: [
      { path: 'a.tf', code: lines('resource "aws_s3_bucket_public_access_block" "b" {', '  block_public_acls       = true', '  block_public_policy     = true', '  ignore_public_acls      = true', '  restrict_public_buckets = true', '}') },
      { path: 'a.tf', code: lines('resource "aws_s3_bucket_acl" "b" {', '  acl = "private"', '}') },
      { path: 'a.tf', code: lines('resource "google_storage_bucket_iam_member" "m" {', '  role   = "roles/storage.objectViewer"', '  member = "group:eng@example.com"', '}') },
      { path: 'a.tf', code: lines('resource "azurerm_storage_container" "c" {', '  container_access_type = "private"', '}') },
    ],
    invalid: [
      fixtures.terraform,
      {
        path: 'a.tf',
        code: lines('resource "google_storage_bucket_iam_binding" "public" {', '  role    = "roles/storage.objectViewer"', '  members = ["group:eng@example.com", "allUsers"]', '}'),
        expect: [{ ruleId: 'iac-public-bucket', line: 3, severity: 'high', isFixable: false }],
      },
      { path: 'a.tf', code: lines('resource "azurerm_storage_container" "c" {', '  container_access_type = "blob"', '}'), expect: [{ ruleId: 'iac-public-bucket', line: 2, isFixable: true }] },
    ],
  },
  'iac-public-database': {
    valid: [
      { path: 'a.tf', code: lines('resource "aws_db_instance" "db" {', '  publicly_accessible = false', '}') },
      { path: 'a.tf', code: lines('resource "aws_db_instance" "db" {', '  publicly_accessible = var.public', '}') },
    ],
    invalid: [fixtures.terraform, { path: 'a.tf', code: lines('resource "aws_rds_cluster_instance" "db" {', '  engine              = "aurora-postgresql"', '  publicly_accessible = true', '}'), expect: [{ ruleId: 'iac-public-database', line: 3, severity: 'high', isFixable: true }] }],
  },
  'iac-privileged-container': {
    valid: [
      fixtures.hardenedKubernetes,
      { path: 'docker-compose.yml', code: lines('services:', '  app:', '    image: app:1.0.0', '    privileged: false') },
      { path: 'a.yaml', code: deployment('containers:', '  - name: app', '    image: app:1.0.0', '    securityContext:', '      privileged: "true"', '      runAsNonRoot: true') },
    ],
    invalid: [fixtures.kubernetes, fixtures.compose],
  },
  'iac-host-network': {
    valid: [fixtures.hardenedKubernetes, { path: 'docker-compose.yml', code: lines('services:', '  app:', '    image: app:1.0.0', '    network_mode: bridge') }],
    invalid: [fixtures.kubernetes, fixtures.compose],
  },
  'iac-host-path': {
    valid: [fixtures.hardenedKubernetes, { path: 'compose.yaml', code: lines('services:', '  app:', '    image: app:1.0.0', '    volumes:', '      - data:/data', '      - ./src:/app/src:ro', 'volumes:', '  data: {}') }],
    invalid: [
      fixtures.kubernetes,
      fixtures.compose,
      {
        path: 'a.yaml',
        code: deployment('securityContext:', '  runAsNonRoot: true', 'containers:', '  - name: app', '    image: app:1.0.0', 'volumes:', '  - name: data', '    hostPath:', '      path: /srv/data'),
        expect: [{ ruleId: 'iac-host-path', line: 15, severity: 'medium', isFixable: false }],
      },
    ],
  },
  'iac-run-as-root': {
    valid: [
      fixtures.hardenedKubernetes,
      { path: 'a.yaml', code: deployment('containers:', '  - name: app', '    image: app:1.0.0', '    securityContext:', '      runAsUser: 1000') },
      { path: 'a.yaml', code: deployment('securityContext:', '  runAsUser: 0', 'containers:', '  - name: app', '    image: app:1.0.0', '    securityContext:', '      runAsUser: 1000') },
    ],
    invalid: [
      fixtures.kubernetes,
      {
        path: 'a.yaml',
        code: deployment('securityContext:', '  runAsUser: 0', 'containers:', '  - name: app', '    image: app:1.0.0'),
        expect: [{ ruleId: 'iac-run-as-root', line: 9, severity: 'medium', isFixable: false }],
      },
      {
        path: 'a.yaml',
        code: deployment('containers:', '  - name: app', '    image: app:1.0.0', '    securityContext: {}'),
        expect: [{ ruleId: 'iac-run-as-root', line: 9, isFixable: false }],
      },
      {
        path: 'a.yaml',
        code: deployment('securityContext:', '  runAsNonRoot: false', 'containers:', '  - name: a', '    image: a:1.0.0', '  - name: b', '    image: b:1.0.0'),
        expect: [
          { ruleId: 'iac-run-as-root', line: 9, isFixable: true },
          { ruleId: 'iac-run-as-root', line: 9, isFixable: true },
        ],
      },
    ],
  },
  'iac-dockerfile-no-user': {
    valid: [{ path: 'Dockerfile', code: lines('FROM node:20.12.2', 'USER node', 'CMD ["node", "server.js"]') }],
    invalid: [fixtures.dockerfile, { path: 'Dockerfile', code: lines('FROM node:20.12.2', 'USER root', 'CMD ["node", "server.js"]'), expect: [{ ruleId: 'iac-dockerfile-no-user', line: 2, severity: 'medium', isFixable: true }] }],
  },
  'iac-unpinned-image': {
    valid: [
      fixtures.hardenedKubernetes,
      { path: 'Dockerfile', code: lines('FROM node:20.12.2 AS build', 'FROM build', 'USER node') },
      { path: 'compose.yaml', code: lines('services:', '  app:', '    image: ghcr.io/acme/app@sha256:0123abcd', '    build: .') },
    ],
    invalid: [
      fixtures.kubernetes,
      fixtures.dockerfile,
      fixtures.compose,
      { path: 'a.yaml', code: deployment('containers:', '  - name: app', '    image: registry.local:5000/app', '    securityContext:', '      runAsNonRoot: true'), expect: [{ ruleId: 'iac-unpinned-image', line: 10, severity: 'low', isFixable: false }] },
    ],
  },
  'iac-plain-secret-env': {
    valid: [
      fixtures.hardenedKubernetes,
      { path: 'docker-compose.yml', code: lines('services:', '  app:', '    image: app:1.0.0', '    environment:', '      DB_PASSWORD: ${DB_PASSWORD}', '      PASSWORD_MIN_LENGTH: 12', '      AUTH_ENABLED: "true"') },
    ],
    invalid: [fixtures.kubernetes, fixtures.dockerfile, fixtures.compose],
  },
  'iac-port-all-interfaces': {
    valid: [{ path: 'docker-compose.yml', code: lines('services:', '  app:', '    image: app:1.0.0', '    expose:', '      - "3000"', '    ports:', '      - "127.0.0.1:3000:3000"') }],
    invalid: [
      fixtures.compose,
      { path: 'docker-compose.yml', code: lines('services:', '  app:', '    image: app:1.0.0', '    ports:', '      - target: 3000', '        published: 3000'), expect: [{ ruleId: 'iac-port-all-interfaces', line: 6, severity: 'low', isFixable: false }] },
    ],
  },
};

function textOf(testCase: Case): string {
  return testCase.fixture ? readFixture(...testCase.fixture) : testCase.code!;
}

function nameOf(testCase: Case, index: number): string {
  return testCase.fixture ? testCase.fixture.join('/') : `${testCase.path} #${index + 1}`;
}

/** The rule's findings a fixture annotates, as 1-based lines. */
function annotatedExpectations(text: string, ruleId: string): Expected[] {
  return [...annotationsOf(text).findings.entries()].flatMap(([line, ruleIds]) => ruleIds.filter((id) => id === ruleId).map(() => ({ ruleId, line: line + 1 })));
}

suite('core/index/iac/rules', () => {
  test('every rule has valid and invalid cases, and every case names a rule', () => {
    assert.deepEqual(Object.keys(ruleTests).sort(), iacRules.map((rule) => rule.id).sort());
    for (const [ruleId, cases] of Object.entries(ruleTests)) {
      assert.ok(cases.valid.length > 0 && cases.invalid.length > 0, ruleId);
    }
  });

  test('rule ids are kebab-case, unique, and link to their documentation anchor', () => {
    const ids = iacRules.map((rule) => rule.id);
    assert.equal(new Set(ids).size, ids.length);
    assert.ok(ids.every((id) => /^iac(-[a-z0-9]+)+$/.test(id)));
    assert.equal(new Set(iacRules.map((rule) => rule.check)).size, iacRules.length, 'one rule per check');
  });

  for (const [ruleId, { valid, invalid }] of Object.entries(ruleTests)) {
    suite(ruleId, () => {
      valid.forEach((testCase, index) => {
        test(`valid: ${nameOf(testCase, index)}`, async () => {
          const { findings } = await analyzeText(testCase.path, textOf(testCase));
          assert.deepEqual(
            findings.filter((finding) => finding.ruleId === ruleId).map((finding) => finding.location?.startLine),
            [],
          );
        });
      });
      invalid.forEach((testCase, index) => {
        test(`invalid: ${nameOf(testCase, index)}`, async () => {
          const text = textOf(testCase);
          const expected = testCase.expect ?? annotatedExpectations(text, ruleId);
          assert.ok(expected.length > 0, 'an invalid case expects at least one finding');
          const findings = (await analyzeText(testCase.path, text)).findings.filter((finding) => finding.ruleId === ruleId);
          assert.deepEqual(
            findings.map((finding) => ({ ruleId: finding.ruleId, line: finding.location?.startLine })),
            expected.map(({ ruleId: id, line }) => ({ ruleId: id, line })),
          );
          expected.forEach((expectation, position) => {
            const finding = findings[position]!;
            if (expectation.severity) {
              assert.equal(finding.severity, expectation.severity, `severity of line ${expectation.line}`);
            }
            if (expectation.isFixable !== undefined) {
              assert.equal((finding.suggestedFixes?.length ?? 0) > 0, expectation.isFixable, `fix of line ${expectation.line}`);
            }
          });
        });
      });
    });
  }

  test('findings are IaC findings with 1-based locations, their resource, a unique identity and a docs link', async () => {
    for (const testCase of Object.values(fixtures)) {
      const analysis = await analyzeText(testCase.path, textOf(testCase));
      const fingerprints = new Set<string>();
      for (const finding of analysis.findings) {
        const label = `${testCase.path}: ${finding.id}`;
        assert.equal(finding.kind, 'iac', label);
        assert.deepEqual(finding.sources, ['aspm-iac'], label);
        assert.equal(finding.links?.advisory, iacRuleDocsUrl(iacRules.find((rule) => rule.id === finding.ruleId)!), label);
        assert.match(finding.links?.advisory ?? '', /^https:\/\/(docs\.aws\.amazon\.com|kubernetes\.io|docs\.docker\.com)\//, label);
        assert.equal(finding.location?.path, testCase.path, label);
        assert.ok(finding.location!.startLine! >= 1 && finding.location!.startColumn! >= 1, label);
        assert.ok(finding.title.length > 0 && finding.description!.length > finding.location!.message!.length, label);
        const signal = analysis.signals.find((candidate) => candidate.location.range.start.line === finding.location!.startLine! - 1 && candidate.location.range.start.character === finding.location!.startColumn! - 1);
        assert.ok(signal, `${label}: located on its signal`);
        assert.ok(
          analysis.resources.some((resource) => resource.address === finding.resource?.address),
          `${label}: names a resource of the file`,
        );
        assert.ok(!fingerprints.has(finding.location!.fingerprint!), `${label}: unique fingerprint`);
        fingerprints.add(finding.location!.fingerprint!);
      }
    }
  });

  test('the open-ingress fix says that the variable must be declared', async () => {
    const { findings } = await analyzeText('main.tf', readFixture('workspaces', 'terraform-aws', 'main.tf'));
    const fix = findings.find((finding) => finding.ruleId === 'iac-open-ingress')?.suggestedFixes?.[0];
    assert.match(fix?.description ?? '', /variable "allowed_cidr" \{ type = string \}/);
    assert.match(findings.find((finding) => finding.ruleId === 'iac-open-ingress')?.description ?? '', /must be declared/);
  });
});
