import { strict as assert } from 'node:assert';
import { readdirSync } from 'node:fs';
import { fixturePath, readFixture } from '../../test/fixtures';
import type { Finding } from '../model/finding';
import { parseSarifLog, type SarifOptions } from './sarif';

/** Sidecar `<name>.expected.json` of a SARIF fixture. `findings: null` means the log is unreadable (no value). */
interface Expectation {
  options?: SarifOptions;
  problemCount: number;
  findings: Record<string, unknown>[] | null;
}

/** The fields a sidecar pins down, undefined ones left out so an unexpected extra field fails the comparison. */
function summarize(finding: Finding): Record<string, unknown> {
  const location = finding.location;
  const at = (region: { path: string; startLine?: number }): string => `${region.path}:${region.startLine ?? '?'}`;
  const summary: Record<string, unknown> = {
    id: finding.id,
    kind: finding.kind,
    severity: finding.severity,
    ruleId: finding.ruleId,
    toolName: finding.toolName,
    title: finding.title,
    status: finding.status,
    path: location?.path,
    startLine: location?.startLine,
    fingerprint: location?.fingerprint,
    hasSnippet: location?.snippet !== undefined ? true : undefined,
    endpoint: finding.endpoint,
    resource: finding.resource,
    cwe: finding.cwe,
    aliases: finding.aliases,
    cvss: finding.cvss,
    package: finding.package ? { purl: finding.package.purl, fixedVersions: finding.package.fixedVersions } : undefined,
    advisory: finding.links?.advisory,
    codeFlow: finding.codeFlow?.map(at),
    related: finding.relatedLocations?.map(at),
    fixes: finding.suggestedFixes?.map((fix) => ({
      description: fix.description,
      edits: fix.edits.map((edit) => `${edit.path}:${edit.startLine}:${edit.startColumn}-${edit.endLine}:${edit.endColumn} ${JSON.stringify(edit.newText)}`),
    })),
    sources: finding.sources,
  };
  return Object.fromEntries(Object.entries(summary).filter(([, value]) => value !== undefined));
}

const fixtures = readdirSync(fixturePath('sarif'))
  .filter((name) => name.endsWith('.sarif'))
  .sort();

suite('core/ingest/sarif: fixtures with sidecar expectations', () => {
  test('every tool shape and bad input has a fixture', () => {
    const required = ['checkov', 'codeql', 'escape', 'gitleaks', 'multi-run', 'semgrep', 'trivy', 'truncated', 'wrong-version', 'zap'];
    assert.deepEqual(
      required.filter((name) => !fixtures.includes(`${name}.sarif`)),
      [],
    );
  });

  for (const name of fixtures) {
    test(name, () => {
      const expected = JSON.parse(readFixture('sarif', name.replace(/\.sarif$/, '.expected.json'))) as Expectation;
      const parsed = parseSarifLog(readFixture('sarif', name), `reports/${name}`, expected.options);
      assert.equal(parsed.problems.length, expected.problemCount, JSON.stringify(parsed.problems, null, 2));
      assert.ok(parsed.problems.every((problem) => problem.path === `reports/${name}`), 'problems name the report');
      if (expected.findings === null) {
        assert.equal(parsed.value, undefined);
        return;
      }
      assert.deepEqual(parsed.value?.map(summarize), expected.findings);
    });
  }
});

suite('core/ingest/sarif: robustness', () => {
  const minimal = (results: unknown[], tool: unknown = { driver: { name: 't' } }): string => JSON.stringify({ version: '2.1.0', runs: [{ tool, results }] });
  const located = (uri: string): unknown => ({ ruleId: 'r', message: { text: 'm' }, locations: [{ physicalLocation: { artifactLocation: { uri }, region: { startLine: 3 } } }] });

  test('garbage and hostile JSON never throws: no value or skipped parts, with problems', () => {
    const table: [string, string, { hasValue: boolean; findings: number; problems: number }][] = [
      ['empty text', '', { hasValue: false, findings: 0, problems: 1 }],
      ['binary/UTF-16 text', '\u0000{\u0000"', { hasValue: false, findings: 0, problems: 1 }],
      ['JSON null', 'null', { hasValue: false, findings: 0, problems: 1 }],
      ['JSON array', '[]', { hasValue: false, findings: 0, problems: 1 }],
      ['no version', '{"runs":[]}', { hasValue: false, findings: 0, problems: 1 }],
      ['numeric version', '{"version":2.1,"runs":[]}', { hasValue: false, findings: 0, problems: 1 }],
      ['runs not an array', '{"version":"2.1.0","runs":5}', { hasValue: false, findings: 0, problems: 1 }],
      ['version from $schema only', '{"$schema":"https://json.schemastore.org/sarif-2.1.0.json","runs":[]}', { hasValue: true, findings: 0, problems: 0 }],
      ['runs of wrong types', '{"version":"2.1.0","runs":[null,5,"x",{"tool":5,"results":"x"}]}', { hasValue: true, findings: 0, problems: 3 }],
      ['results of wrong types', minimal([null, 7, []]), { hasValue: true, findings: 0, problems: 3 }],
      ['every field of the wrong type', minimal([{ ruleId: 5, ruleIndex: -1, rule: 'x', level: 9, message: [], locations: {}, partialFingerprints: 3, codeFlows: 'x', relatedLocations: 1, fixes: {}, suppressions: 'yes', properties: [] }], 'tool'), { hasValue: true, findings: 1, problems: 0 }],
      ['__proto__ and constructor keys', minimal([{ ruleId: '__proto__', level: 'constructor', message: { text: 'm' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'a.ts', uriBaseId: '__proto__' } } }] }]), { hasValue: true, findings: 1, problems: 0 }],
      ['passing and absent results are not findings', minimal([{ ruleId: 'r', kind: 'pass', message: { text: 'ok' } }, { ruleId: 'r', baselineState: 'absent', message: { text: 'gone' } }]), { hasValue: true, findings: 0, problems: 0 }],
      ['cyclic uri base ids', JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: { name: 't' } }, originalUriBaseIds: { A: { uri: 'a/', uriBaseId: 'B' }, B: { uri: 'b/', uriBaseId: 'A' } }, results: [{ ruleId: 'r', message: { text: 'm' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'x.ts', uriBaseId: 'A' } } }] }] }] }), { hasValue: true, findings: 1, problems: 0 }],
    ];
    for (const [name, text, expected] of table) {
      const parsed = parseSarifLog(text, 'r.sarif');
      assert.deepEqual({ hasValue: parsed.value !== undefined, findings: parsed.value?.length ?? 0, problems: parsed.problems.length }, expected, name);
    }
  });

  test('a byte order mark is stripped; a report over the size limit is not read', () => {
    const text = minimal([located('src/a.ts')]);
    assert.equal(parseSarifLog(`\ufeff${text}`, 'r.sarif').value?.length, 1);
    const tooLarge = parseSarifLog(text, 'r.sarif', { maxChars: text.length - 1 });
    assert.deepEqual([tooLarge.value, tooLarge.problems.length], [undefined, 1]);
    assert.equal(parseSarifLog(text, 'r.sarif', { maxChars: text.length }).value?.length, 1);
  });

  test('a syntax error is placed where the JSON breaks', () => {
    const parsed = parseSarifLog('{\n  "version": "2.1.0",\n  "runs": [\n', 'r.sarif');
    assert.deepEqual(parsed.problems[0]?.range?.start, { line: 3, character: 0 });
  });

  test('artifact URIs resolve to repository paths, or are refused', () => {
    const root = 'file:///home/dev/shop';
    const table: [string, SarifOptions, string | undefined][] = [
      ['src/a.ts', {}, 'src/a.ts'],
      ['./src/./a.ts', {}, 'src/a.ts'],
      ['src\\win\\a.ts', {}, 'src/win/a.ts'],
      ['src/lib/../a.ts', {}, 'src/a.ts'],
      ['src/my%20file.ts', {}, 'src/my file.ts'],
      ['file:///home/dev/shop/src/a.ts', { repoRootUri: root }, 'src/a.ts'],
      ['file:///home/dev/shop/src/a.ts', { repoRootUri: `${root}/` }, 'src/a.ts'],
      ['file:///C:/work/shop/a.ts', { repoRootUri: 'file:///c%3A/work/shop' }, 'a.ts'],
      ['file:///home/dev/shopping/a.ts', { repoRootUri: root }, undefined],
      ['file:///home/dev/shop/../secret', { repoRootUri: root }, undefined],
      ['file:///home/dev/shop/src/a.ts', {}, undefined],
      ['../a.ts', {}, undefined],
      ['src/../../a.ts', {}, undefined],
      ['%2E%2E/a.ts', {}, undefined],
      ['/etc/passwd', {}, undefined],
      ['\\\\server\\share\\a.ts', {}, undefined],
      ['D:/a.ts', {}, undefined],
      ['src/a\u0000.ts', {}, undefined],
      ['ftp://host/a.ts', {}, undefined],
      ['.', {}, undefined],
    ];
    for (const [uri, options, path] of table) {
      const parsed = parseSarifLog(minimal([located(uri)]), 'r.sarif', options);
      assert.equal(parsed.value?.[0]?.location?.path, path, uri);
      assert.equal(parsed.problems.length, path === undefined ? 1 : 0, `${uri}: problem count`);
    }
  });

  test('uri base ids: absolute bases inside the repository keep their folder, other absolute bases are the root', () => {
    const log = (base: string): string =>
      JSON.stringify({
        version: '2.1.0',
        runs: [
          {
            tool: { driver: { name: 't' } },
            originalUriBaseIds: { SRC: { uri: base }, NESTED: { uri: 'web/', uriBaseId: 'SRC' } },
            results: [
              { ruleId: 'r', message: { text: 'm' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'a.ts', uriBaseId: 'SRC' } } }] },
              { ruleId: 'r', message: { text: 'm' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'b.ts', uriBaseId: 'NESTED' } } }] },
            ],
          },
        ],
      });
    const table: [string, SarifOptions, string[]][] = [
      ['file:///ci/checkout/', {}, ['a.ts', 'web/b.ts']],
      ['file:///home/dev/shop/services/api/', { repoRootUri: 'file:///home/dev/shop' }, ['services/api/a.ts', 'services/api/web/b.ts']],
      ['file:///ci/checkout/', { repoRootUri: 'file:///home/dev/shop' }, ['a.ts', 'web/b.ts']],
      ['services/', {}, ['services/a.ts', 'services/web/b.ts']],
    ];
    for (const [base, options, paths] of table) {
      assert.deepEqual(
        parseSarifLog(log(base), 'r.sarif', options).value?.map((finding) => finding.location?.path),
        paths,
        base,
      );
    }
  });

  test('severity: security-severity bands first, then result level, rule default, SARIF default', () => {
    const rule = (level?: string, score?: unknown): unknown => ({ id: 'r', ...(level ? { defaultConfiguration: { level } } : {}), ...(score !== undefined ? { properties: { 'security-severity': score } } : {}) });
    const table: [string, Record<string, unknown>, unknown, string][] = [
      ['score 9.0', {}, rule('note', '9.0'), 'critical'],
      ['score 8.9', {}, rule(undefined, 8.9), 'high'],
      ['score 7', {}, rule(undefined, '7'), 'high'],
      ['score 6.9', {}, rule(undefined, '6.9'), 'medium'],
      ['score 4', {}, rule(undefined, 4), 'medium'],
      ['score 3.9', {}, rule(undefined, 3.9), 'low'],
      ['score 0.1', {}, rule(undefined, 0.1), 'low'],
      ['score 0', {}, rule(undefined, 0), 'info'],
      ['score out of range falls back to level', { level: 'note' }, rule(undefined, 42), 'low'],
      ['score not a number falls back to level', { level: 'note' }, rule(undefined, 'high'), 'low'],
      ['result score wins over rule score', { properties: { 'security-severity': '9.5' } }, rule(undefined, 2), 'critical'],
      ['result level error', { level: 'error' }, rule('note'), 'high'],
      ['result level warning', { level: 'warning' }, rule(), 'medium'],
      ['result level note', { level: 'note' }, rule(), 'low'],
      ['result level none', { level: 'none' }, rule(), 'info'],
      ['rule default level', {}, rule('error'), 'high'],
      ['SARIF default', {}, rule(), 'medium'],
      ['informational result', { kind: 'informational' }, rule('error'), 'info'],
      ['unknown level', { level: 'catastrophic' }, rule(), 'medium'],
    ];
    for (const [name, fields, ruleDescriptor, severity] of table) {
      const text = minimal([{ ruleId: 'r', ruleIndex: 0, message: { text: 'm' }, ...fields }], { driver: { name: 't', rules: [ruleDescriptor] } });
      assert.equal(parseSarifLog(text, 'r.sarif').value?.[0]?.severity, severity, name);
    }
  });

  test('rules are found by index, tool component, id and hierarchical id', () => {
    const tool = {
      driver: { name: 'd', rules: [{ id: 'A', shortDescription: { text: 'driver A' } }] },
      extensions: [
        { name: 'pack-1', rules: [{ id: 'B', shortDescription: { text: 'pack-1 B' } }] },
        { name: 'pack-2', guid: 'g-2', rules: [{ id: 'C', shortDescription: { text: 'pack-2 C' } }, { id: 'A', shortDescription: { text: 'pack-2 A' } }] },
      ],
    };
    const table: [string, Record<string, unknown>, string][] = [
      ['driver by ruleIndex', { ruleId: 'A', ruleIndex: 0 }, 'driver A'],
      ['extension by toolComponent index', { ruleId: 'B', rule: { id: 'B', index: 0, toolComponent: { index: 0 } } }, 'pack-1 B'],
      ['extension by toolComponent name', { rule: { id: 'A', index: 1, toolComponent: { name: 'pack-2' } } }, 'pack-2 A'],
      ['extension by toolComponent guid', { ruleId: 'C', rule: { index: 0, toolComponent: { guid: 'g-2' } } }, 'pack-2 C'],
      ['index disagreeing with id: id wins', { ruleId: 'B', ruleIndex: 0 }, 'pack-1 B'],
      ['id only, searched everywhere', { ruleId: 'C' }, 'pack-2 C'],
      ['hierarchical id', { ruleId: 'C/sub' }, 'pack-2 C'],
      ['unknown rule: message', { ruleId: 'Z' }, 'the message'],
    ];
    for (const [name, fields, title] of table) {
      const finding = parseSarifLog(minimal([{ message: { text: 'the message' }, ...fields }], tool), 'r.sarif').value?.[0];
      assert.equal(finding?.title, title, name);
    }
  });

  test('messages: placeholders, messageStrings and embedded links', () => {
    const tool = { driver: { name: 't', rules: [{ id: 'r', messageStrings: { default: { text: '{0} flows to {1} ({2})' } } }] } };
    const table: [unknown, string | undefined][] = [
      [{ text: 'Value from [user input](1) reaches [a sink](2).' }, 'Value from user input reaches a sink.'],
      [{ text: 'Literal \\[brackets\\] stay' }, 'Literal [brackets] stay'],
      [{ text: 'See [docs](https://example.com)' }, 'See [docs](https://example.com)'],
      [{ id: 'default', arguments: ['req.body', 'db.query'] }, 'req.body flows to db.query ({2})'],
      [{ text: 'Uses {0}', arguments: ['eval'] }, 'Uses eval'],
      [{ id: 'missing' }, undefined],
    ];
    for (const [message, description] of table) {
      const finding = parseSarifLog(minimal([{ ruleId: 'r', ruleIndex: 0, message }], tool), 'r.sarif').value?.[0];
      assert.equal(finding?.description, description, JSON.stringify(message));
    }
  });

  test('cwe ids normalize from tags, properties and taxonomy references', () => {
    const table: [Record<string, unknown>, Record<string, unknown>, string[] | undefined][] = [
      [{ properties: { tags: ['external/cwe/cwe-089', 'external/cwe/cwe-89'] } }, {}, ['CWE-89']],
      [{ properties: { tags: ['CWE-79: Improper Neutralization', 'security'] } }, {}, ['CWE-79']],
      [{ properties: { cwe: 'CWE-022' } }, {}, ['CWE-22']],
      [{ properties: { cwe: ['CWE-352', 'not a cwe'] } }, {}, ['CWE-352']],
      [{ relationships: [{ target: { id: '918', toolComponent: { name: 'CWE' } } }, { target: { id: 'A1', toolComponent: { name: 'OWASP' } } }] }, {}, ['CWE-918']],
      [{}, { taxa: [{ id: '502', toolComponent: { name: 'cwe' } }] }, ['CWE-502']],
      [{ properties: { tags: ['security', 'owasp-a03'] } }, {}, undefined],
    ];
    for (const [ruleFields, resultFields, cwe] of table) {
      const tool = { driver: { name: 't', rules: [{ id: 'r', ...ruleFields }] } };
      const finding = parseSarifLog(minimal([{ ruleId: 'r', message: { text: 'm' }, ...resultFields }], tool), 'r.sarif').value?.[0];
      assert.deepEqual(finding?.cwe, cwe, JSON.stringify([ruleFields, resultFields]));
    }
  });

  test('kinds: tools, tags, rule ids and request data decide', () => {
    const table: [string, Record<string, unknown>, Record<string, unknown>, string][] = [
      ['CodeQL', {}, {}, 'sast'],
      ['gitleaks', {}, {}, 'secret'],
      ['TruffleHog', {}, {}, 'secret'],
      ['Semgrep OSS', { id: 'generic.secrets.security.detected-private-key' }, {}, 'secret'],
      ['Trivy', { properties: { tags: ['secret', 'security', 'HIGH'] } }, {}, 'secret'],
      ['tfsec', {}, {}, 'iac'],
      ['KICS', {}, {}, 'iac'],
      ['Trivy', { properties: { tags: ['misconfiguration'] } }, {}, 'iac'],
      ['Trivy', { name: 'LanguageSpecificPackageVulnerability' }, {}, 'sca'],
      ['Trivy', { name: 'OsPackageVulnerability' }, {}, 'container'],
      ['Grype', { properties: { tags: ['vulnerability'] } }, { properties: { purl: 'pkg:deb/debian/openssl@3.0.11' } }, 'container'],
      ['Checkov', { id: 'CVE-2021-23337_lodash@4.17.15' }, {}, 'sca'],
      ['Custom', {}, { webRequest: { method: 'POST', target: '/api/login' } }, 'dast'],
      ['ZAP', {}, {}, 'dast'],
    ];
    for (const [toolName, ruleFields, resultFields, kind] of table) {
      const rule = { id: 'rule-1', ...ruleFields };
      const tool = { driver: { name: toolName, rules: [rule] } };
      const finding = parseSarifLog(minimal([{ ruleId: rule.id, message: { text: 'm' }, ...resultFields }], tool), 'r.sarif').value?.[0];
      assert.equal(finding?.kind, kind, `${toolName} ${JSON.stringify([ruleFields, resultFields])}`);
    }
  });

  test('Checkov SCA rule ids carry their advisory as an alias', () => {
    const tool = { driver: { name: 'Checkov', rules: [{ id: 'CVE-2021-23337_lodash@4.17.15' }] } };
    const finding = parseSarifLog(minimal([{ ruleId: 'CVE-2021-23337_lodash@4.17.15', message: { text: 'm' } }], tool), 'r.sarif').value?.[0];
    assert.deepEqual(finding?.aliases, ['CVE-2021-23337']);
  });

  test('ids stay unique when results share rule and line', () => {
    const results = [located('src/a.ts'), located('src/a.ts'), located('src/a.ts')];
    const ids = parseSarifLog(minimal(results), 'r.sarif').value?.map((finding) => finding.id);
    assert.deepEqual(ids, ['sarif:t:r:src/a.ts:3', 'sarif:t:r:src/a.ts:3#2', 'sarif:t:r:src/a.ts:3#3']);
  });

  test('suppressions: accepted or without status accept the finding; under review and rejected keep it open', () => {
    const table: [unknown, string][] = [
      [[{ kind: 'inSource' }], 'accepted'],
      [[{ kind: 'external', status: 'accepted' }], 'accepted'],
      [[{ kind: 'external', status: 'underReview' }], 'open'],
      [[{ kind: 'external', status: 'rejected' }], 'open'],
      [[], 'open'],
      [undefined, 'open'],
    ];
    for (const [suppressions, status] of table) {
      const finding = parseSarifLog(minimal([{ ruleId: 'r', message: { text: 'm' }, suppressions }]), 'r.sarif').value?.[0];
      assert.equal(finding?.status, status, JSON.stringify(suppressions));
    }
  });

  test('fixes: whole-line regions run to the line end; offsets-only or binary fixes are dropped with a problem', () => {
    const fix = (deletedRegion: unknown, insertedContent: unknown = { text: 'x' }): unknown => ({
      description: { text: 'fix it' },
      artifactChanges: [{ artifactLocation: { uri: 'src/a.ts' }, replacements: [{ deletedRegion, insertedContent }] }],
    });
    const table: [unknown, string | undefined][] = [
      [fix({ startLine: 2, startColumn: 3, endLine: 4, endColumn: 5 }), 'src/a.ts:2:3-4:5 "x"'],
      [fix({ startLine: 2 }), 'src/a.ts:2:1-2:2147483647 "x"'],
      [fix({ startLine: 2, startColumn: 4, endColumn: 4 }, null), 'src/a.ts:2:4-2:4 ""'],
      [fix({ charOffset: 10, charLength: 4 }), undefined],
      [fix({ startLine: 2 }, { binary: 'AAAA' }), undefined],
      [fix({ startLine: 5, endLine: 4 }), undefined],
    ];
    for (const [value, edit] of table) {
      const parsed = parseSarifLog(minimal([{ ...(located('src/a.ts') as object), fixes: [value] }]), 'r.sarif');
      const edits = parsed.value?.[0]?.suggestedFixes?.flatMap((suggested) =>
        suggested.edits.map((e) => `${e.path}:${e.startLine}:${e.startColumn}-${e.endLine}:${e.endColumn} ${JSON.stringify(e.newText)}`),
      );
      assert.deepEqual(edits, edit === undefined ? undefined : [edit], JSON.stringify(value));
      assert.equal(parsed.problems.length, edit === undefined ? 1 : 0, `${JSON.stringify(value)}: problems`);
    }
  });

  test('help links must be web links', () => {
    const table: [string, string | undefined][] = [
      ['https://example.com/rule', 'https://example.com/rule'],
      ['command:workbench.action.terminal.new', undefined],
      ['javascript:alert(1)', undefined],
    ];
    for (const [helpUri, advisory] of table) {
      const tool = { driver: { name: 't', rules: [{ id: 'r', helpUri }] } };
      assert.equal(parseSarifLog(minimal([{ ruleId: 'r', message: { text: 'm' } }], tool), 'r.sarif').value?.[0]?.links?.advisory, advisory, helpUri);
    }
  });
});
