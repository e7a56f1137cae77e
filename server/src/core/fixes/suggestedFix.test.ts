import { strict as assert } from 'node:assert';
import { readFixture } from '../../test/fixtures';
import { parseSarifLog } from '../ingest/sarif';
import type { AnalyzedFinding, FixPlan } from '../model/analysis';
import type { Finding, SuggestedFix } from '../model/finding';
import { builtInQuickFix, reportedFilesBySource, suggestedQuickFix, withoutScannerFixes } from './suggestedFix';

const source = 'sarif:reports/semgrep.sarif';

function finding(id: string, path: string, fix?: Omit<SuggestedFix, 'description'>, sources = [source]): Finding {
  return {
    id,
    kind: 'sast',
    ruleId: id,
    title: id,
    severity: 'high',
    location: { path, startLine: 3 },
    sources,
    ...(fix ? { suggestedFixes: [{ description: 'Apply Semgrep fix', ...fix }] } : {}),
  };
}

function edit(path: string, line = 3): SuggestedFix['edits'][number] {
  return { path, startLine: line, startColumn: 1, endLine: line, endColumn: 5, newText: 'safe' };
}

// Regression tests for issue 13 §1: a report decides which files its fixes may touch, within limits.
suite('core/fixes/suggestedFix', () => {
  test('a fix may edit its own file and the files its source reports findings in, nothing else', () => {
    const others = [finding('db', 'lib/db.js'), finding('other-report', 'lib/other.js', undefined, ['sarif:reports/codeql.sarif'])];
    const table: { name: string; edits: SuggestedFix['edits']; fixSource?: string; offered: boolean; files?: string[]; isPreferred?: boolean; withheld?: RegExp }[] = [
      { name: 'own file', edits: [edit('app.js')], offered: true, files: ['app.js'], isPreferred: true },
      { name: 'own file twice', edits: [edit('app.js', 3), edit('app.js', 9)], offered: true, files: ['app.js'], isPreferred: true },
      { name: 'own file and a file the same report names', edits: [edit('app.js'), edit('lib/db.js', 1)], offered: true, files: ['app.js', 'lib/db.js'], isPreferred: false },
      { name: 'a file only another report names', edits: [edit('app.js'), edit('lib/other.js')], offered: false, withheld: /lib\/other\.js", a file its report has no finding in/ },
      { name: 'a file no report names', edits: [edit('package.json')], offered: false, withheld: /"package\.json", a file its report has no finding in/ },
      { name: '.git/config beside the own file', edits: [edit('app.js'), edit('.git/config', 1)], offered: false, withheld: /inside \.git/ },
      { name: '.vscode/settings.json', edits: [edit('.vscode/settings.json', 1)], offered: false, withheld: /inside \.vscode/ },
      { name: 'no recorded source: own file only', edits: [edit('app.js'), edit('lib/db.js')], fixSource: 'none', offered: false, withheld: /lib\/db\.js/ },
    ];
    for (const row of table) {
      const subject = finding('subject', 'app.js', { edits: row.edits, ...(row.fixSource === 'none' ? {} : { source: row.fixSource ?? source }) });
      const result = suggestedQuickFix(subject, [subject, ...others]);
      assert.equal(result.fix !== undefined, row.offered, `${row.name}: ${result.withheld}`);
      if (row.offered) {
        assert.deepEqual(result.fix?.files, row.files, row.name);
        assert.equal(result.fix?.isPreferred, row.isPreferred, row.name);
        assert.equal(result.fix?.origin, 'scanner', row.name);
        assert.equal(result.fix?.title, `Apply Semgrep fix (${row.files?.join(', ')})`, row.name);
        assert.equal(result.withheld, undefined);
      } else {
        assert.match(result.withheld ?? '', row.withheld!, row.name);
      }
    }
  });

  test('test-fixtures/sarif/hostile-fixes.sarif: only the legitimate two-file fix is offered, never preferred', () => {
    const findings = parseSarifLog(readFixture('sarif', 'hostile-fixes.sarif'), 'reports/hostile-fixes.sarif').value ?? [];
    const decisions = Object.fromEntries(findings.map((subject) => {
      const { fix, withheld } = suggestedQuickFix(subject, findings);
      return [subject.ruleId, fix ? `${fix.title} preferred=${fix.isPreferred}` : `withheld: ${withheld}`];
    }));
    assert.deepEqual(decisions, {
      'hostile.git-fsmonitor': 'withheld: ".git/config" is inside .git, which fixes may not edit',
      'hostile.vscode-settings': 'withheld: ".vscode/settings.json" is inside .vscode, which fixes may not edit',
      'hostile.encoded-hook': 'withheld: ".Git/hooks/post-checkout" is inside .git, which fixes may not edit',
      'hostile.unreported-file': 'withheld: it edits "package.json", a file its report has no finding in',
      'javascript.express.security.audit.xss.direct-response-write': 'Sanitize the product before sending it (src/routes/products.ts, src/routes/login.ts) preferred=false',
    });
  });

  test('a protected own file is refused too: the finding itself may sit in .github/workflows', () => {
    const workflow = finding('unpinned-action', '.github/workflows/ci.yml', { edits: [edit('.github/workflows/ci.yml')], source });
    assert.match(suggestedQuickFix(workflow, [workflow]).withheld ?? '', /inside \.github\/workflows/);
  });

  test('the title is one clean line: control characters and line breaks go, long descriptions are cut', () => {
    const subject: Finding = { ...finding('s', 'app.js'), suggestedFixes: [{ description: 'Fix\u001b[2K\r\nthe\u202e bug ' + 'x'.repeat(200), edits: [edit('app.js')], source }] };
    const title = suggestedQuickFix(subject, [subject]).fix?.title ?? '';
    assert.match(title, /^Fix the bug x+… \(app\.js\)$/);
    assert.ok(!/[\u0000-\u001f\u202e]/.test(title));
  });

  test('built-in fixes keep their title and are preferred when they edit one file', () => {
    const plan: FixPlan = { title: 'Upgrade lodash to ^4.17.21', kind: 'upgrade', edits: [{ path: 'package.json', range: { start: { line: 1, character: 0 }, end: { line: 1, character: 5 } }, newText: 'x' }] };
    assert.deepEqual(builtInQuickFix(plan), { ...plan, origin: 'built-in', files: ['package.json'], isPreferred: true });
    const iac: Finding = { ...finding('iac', 'main.tf'), suggestedFixes: [{ description: 'set publicly_accessible = false.', edits: [edit('main.tf')], isBuiltIn: true }] };
    assert.deepEqual(suggestedQuickFix(iac, [iac]).fix && { title: suggestedQuickFix(iac, [iac]).fix?.title, origin: suggestedQuickFix(iac, [iac]).fix?.origin }, { title: 'set publicly_accessible = false.', origin: 'built-in' });
  });

  test('reported files are counted per source, merged findings for every source', () => {
    const merged = finding('m', 'a.js', undefined, ['sarif:x.sarif', 'backend:svc-1']);
    const files = reportedFilesBySource([merged, finding('b', 'b.js', undefined, ['backend:svc-1'])]);
    assert.deepEqual([...(files.get('backend:svc-1') ?? [])].sort(), ['a.js', 'b.js']);
    assert.deepEqual([...(files.get('sarif:x.sarif') ?? [])], ['a.js']);
  });

  test('an untrusted workspace keeps built-in fixes and says why a scanner fix is withheld', () => {
    const scanner = suggestedQuickFix(finding('s', 'app.js', { edits: [edit('app.js')], source }), [finding('s', 'app.js')]).fix;
    const upgrade = builtInQuickFix({ title: 'Upgrade', kind: 'upgrade', edits: [edit('package.json')].map((e) => ({ path: e.path, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, newText: '' })) });
    const analyzed = [{ fix: scanner }, { fix: upgrade }] as AnalyzedFinding[];
    const [withheld, kept] = withoutScannerFixes(analyzed);
    assert.equal(withheld?.fix, undefined);
    assert.match(withheld?.fixWithheld ?? '', /untrusted workspace/);
    assert.equal(kept, analyzed[1], 'a finding without scanner fix is passed through unchanged');
  });
});
