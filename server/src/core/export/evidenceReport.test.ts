import { strict as assert } from 'node:assert';
import { indexedFixtureEngine } from '../../test/fixtures';
import { escapeHtml, escapeMarkdown } from './escape';
import { buildEvidenceReport } from './evidenceReport';
import type { ExportInput } from './exportInput';
import { renderReportHtml } from './reportHtml';
import { renderReportMarkdown } from './reportMarkdown';

/** A SARIF report whose every string tries to break out of the page. */
const hostileSarif = JSON.stringify({
  version: '2.1.0',
  runs: [
    {
      tool: { driver: { name: '<script>alert(1)</script>', rules: [{ id: 'evil"><img src=x onerror=alert(2)>', shortDescription: { text: '</td></tr><script>alert(3)</script><iframe src="https://evil.example/"></iframe> | [click](javascript:alert(4)) ![x](https://evil.example/p.png) `code`' } }] } },
      results: [
        {
          ruleId: 'evil"><img src=x onerror=alert(2)>',
          level: 'error',
          message: { text: '<iframe src="https://evil.example/"></iframe> | [click](javascript:alert(4)) ![x](https://evil.example/p.png) `code`' },
          locations: [{ physicalLocation: { artifactLocation: { uri: 'src/routes/products.ts' }, region: { startLine: 9, snippet: { text: '</code><script>alert(5)</script>' } } } }],
        },
      ],
    },
  ],
});

async function hostileInput(): Promise<ExportInput> {
  const engine = await indexedFixtureEngine('node-express-deploy', { extra: { 'reports/evil.sarif': hostileSarif } });
  const input = engine.exportInput({ minPriority: 0, showUnreachable: true }, 'github.com/acme/<b>shop</b>', { name: 'aspm', version: '0.1.0' });
  assert.ok(input.services.some((service) => service.findings.some((finding) => finding.finding.title.includes('<iframe'))), 'the hostile finding is analysed');
  return input;
}

suite('core/export/evidenceReport', () => {
  test('escaping: HTML special characters and Markdown syntax', () => {
    assert.equal(escapeHtml(`<a href="x" title='y'>&</a>`), '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
    assert.equal(escapeMarkdown('a | [b](javascript:c) ![d](e) `f` *g*\nh <i>'), 'a \\| \\[b\\]\\(javascript:c\\) \\!\\[d\\]\\(e\\) \\`f\\` \\*g\\* h &lt;i&gt;');
  });

  test('the HTML page is self-contained and every string from a scanner is escaped', async () => {
    const html = renderReportHtml(buildEvidenceReport(await hostileInput(), { problems: ['<b>bad</b> file'] }));
    assert.doesNotMatch(html, /<script|<iframe|<img|<[^>]*\sonerror=/i, 'no markup from the findings');
    assert.doesNotMatch(html, /\b(src|href)=["']?(https?:)?\/\//i, 'no external asset or link target');
    assert.doesNotMatch(html, /<link\b|@import|url\(/i, 'no stylesheet or font from elsewhere');
    assert.match(html, /&lt;iframe src=&quot;https:\/\/evil\.example\/&quot;&gt;/, 'the hostile text is shown, as text');
    assert.match(html, /github\.com\/acme\/&lt;b&gt;shop&lt;\/b&gt;/);
    assert.match(html, /&lt;b&gt;bad&lt;\/b&gt; file/, 'problems are escaped too');
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'/);
    for (const reference of ['CC7.1', 'CC8.1', 'A.8.8', 'A.8.28', 'A.8.9']) {
      assert.ok(html.includes(`<strong>${reference}</strong>`), `${reference} is mapped`);
    }
    for (const chart of ['Findings by priority band', 'Findings by kind', 'Shown vs filtered by reason', 'SLA status of open findings']) {
      assert.ok(html.includes(`aria-label="${chart}`), `${chart} is an inline SVG chart`);
    }
  });

  test('the Markdown cannot be broken out of either', async () => {
    const markdown = renderReportMarkdown(buildEvidenceReport(await hostileInput(), { problems: [] }));
    assert.doesNotMatch(markdown, /<script|<iframe|<img/i);
    assert.doesNotMatch(markdown, /(?<!\\)\]\((?!#)/, 'no Markdown link or image survives');
    assert.ok(markdown.includes('\\[click\\]\\(javascript:alert\\(4\\)\\)'));
    const tableRows = markdown.split('\n').filter((line) => /^\| \d+ (critical|high|medium|low) \|/.test(line) && line.includes('iframe'));
    assert.ok(tableRows.length > 0);
    for (const row of tableRows) {
      assert.equal(row.split(/(?<!\\)\|/).length - 2, 7, 'a pipe in a finding does not add a cell to the findings table');
    }
  });

  test('totals, controls, SLA and sources of the node-express-deploy sample', async () => {
    const engine = await indexedFixtureEngine('node-express-deploy');
    const report = buildEvidenceReport(engine.exportInput({ minPriority: 40, showUnreachable: false }, 'github.com/acme/node-shop', { name: 'aspm', version: '0.1.0' }), {
      sources: [{ label: 'ASPM backend', url: 'https://user:secret@aspm.example.com/api/?token=x', lastSuccessAt: new Date('2026-11-30T10:00:00Z') }],
      problems: [],
    });
    assert.equal(report.generatedAt, '2026-12-01T00:00:00.000Z');
    assert.deepEqual(report.controls.map((service) => service.results.length), [8], 'the eight controls of .aspm/policy.yaml');
    assert.equal(report.totals.findings, 1, 'without a backend: the built-in IaC rule finding on the unpinned redis image');
    assert.equal(report.totals.sla['no-sla'], 1, 'no SLA covers a low IaC finding');
    const backend = report.sources.find((source) => source.name === 'ASPM backend')!;
    assert.equal(backend.detail, 'https://aspm.example.com/api: services, findings, runtime exposure and policies', 'no credentials or query in the report');
    assert.equal(backend.asOf, '2026-11-30T10:00:00.000Z');
    // Without runtime data the production controls do not apply; the SLA holds; the policy file's package and image
    // controls fail (moment and lodash are banned, redis and the build stage's base image are not pinned enough).
    assert.deepEqual(report.mapping.map((row) => `${row.reference} ${row.status}`), ['CC7.1 pass', 'CC8.1 fail', 'A.8.8 fail', 'A.8.28 fail', 'A.8.9 fail']);
  });
});

