import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { marked } from 'marked';
import type { CodeAction, Diagnostic, Hover } from 'vscode-languageserver-protocol';
import type { FindingsTreeResult } from '../../../shared/src/dto';
import type { FixtureBackend } from '../../../test-fixtures/backend/fixtureBackend';
import { copyWorkspace, LspTestClient } from './lspTestClient';
import { sampleSettings, startBackend } from './testBackend';

type Expected = { findings: Record<string, { surfaced: boolean; line: number; fix: string | null }> };
const expected = JSON.parse(readFileSync(path.resolve(__dirname, '../../../../test-fixtures/backend/scenarios/hostile/expected.json'), 'utf8')) as Expected;

/** What a markdown renderer (marked, GitHub-flavoured, as VS Code's hovers) makes of it: link targets and tags. */
function rendered(markdown: string): { hrefs: string[]; images: number; html: string } {
  const html = marked.parse(markdown, { async: false, gfm: true });
  return { hrefs: [...html.matchAll(/<a href="([^"]*)"/g)].map((match) => match[1]!), images: (html.match(/<img/g) ?? []).length, html };
}

function assertOnlySafeLinks(markdown: string, what: string): void {
  const { hrefs, images, html } = rendered(markdown);
  assert.equal(images, 0, `${what}: no image renders\n${html}`);
  assert.ok(!/<(script|img|iframe|h\d)\b/i.test(html), `${what}: no raw HTML or heading\n${html}`);
  for (const href of hrefs) {
    assert.match(href, /^(https?:\/\/[^/@]+\/|file:\/\/\/)/i, `${what}: only web and workspace-file links; got ${href}`);
  }
}

// Regression tests for issue 13 §4 (and §1 for backend remediation fixes): backend strings went unescaped into hovers
// and tooltips, so a `)` broke out of a link and `command:` links rendered.
suite('protocol: a hostile backend cannot put links, commands or markup into hovers and tooltips', () => {
  let backend: FixtureBackend;
  let workspace: ReturnType<typeof copyWorkspace>;
  let client: LspTestClient;
  let byId: Map<string, { uri: string; diagnostic: Diagnostic }>;
  let sites: Diagnostic[];

  suiteSetup(async () => {
    backend = await startBackend('hostile');
    workspace = copyWorkspace('node-express');
    client = await LspTestClient.start({ workspaceUri: workspace.uri, settings: sampleSettings(backend.url, { minPriority: 0 }) });
    const files = ['package.json', 'src/routes/products.ts', 'src/routes/login.ts'].map((file) => workspace.uriOf(file));
    await client.waitFor('every hostile finding published', () => {
      const all = files.flatMap((uri) => (client.diagnostics.get(uri) ?? []).map((diagnostic) => ({ uri, diagnostic })));
      const ids = new Set(all.map((entry) => (entry.diagnostic.data as { findingId?: string } | undefined)?.findingId));
      return Object.keys(expected.findings).every((id) => ids.has(id)) ? all : undefined;
    });
    // A finding's own diagnostics; the source-site marks that link to them (issue 9) carry `findingIds` instead.
    byId = new Map(
      files.flatMap((uri) =>
        (client.diagnostics.get(uri) ?? [])
          .filter((diagnostic) => typeof (diagnostic.data as { findingId?: unknown } | undefined)?.findingId === 'string')
          .map((diagnostic) => [(diagnostic.data as { findingId: string }).findingId, { uri, diagnostic }] as const),
      ),
    );
    sites = files.flatMap((uri) => (client.diagnostics.get(uri) ?? []).filter((diagnostic) => Array.isArray((diagnostic.data as { findingIds?: unknown } | undefined)?.findingIds)));
  });

  suiteTeardown(async () => {
    await client?.stop();
    await backend?.close();
    workspace?.dispose();
  });

  test('every hover renders only web and workspace-file links, and shows the hostile text as text', async () => {
    for (const [id, { uri, diagnostic }] of byId) {
      assert.equal(diagnostic.range.start.line + 1, expected.findings[id]?.line, `${id} on its line`);
      const hover = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: diagnostic.range.start })) as Hover;
      const value = (hover.contents as { value: string }).value;
      assertOnlySafeLinks(value, `hover of ${id}`);
      assert.ok(!/(?<!\\)\]\((command|javascript|vscode|file:\/\/\/etc)/i.test(value), `${id}: no unescaped link to a command or script`);
      assert.ok(!/[\u001b\u202e]/.test(value), `${id}: no escape sequence or bidi override`);
    }
    const lodash = byId.get('f-hostile-lodash')!;
    const value = ((await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: lodash.uri }, position: lodash.diagnostic.range.start })) as Hover).contents as { value: string };
    const text = rendered(value.value).html.replace(/<[^>]+>/g, '');
    assert.match(text, /Prototype Pollution in lodash \[Re-authenticate\]\(command:aspm\.signIn\) &lt;img src=x onerror=alert\(1\)&gt; # Urgent/, 'the title reads as the backend wrote it, inert');
    assert.match(text, /Scanner\]\(file:\/\/\/etc\/passwd\)\[z/, 'the tool name too');
  });

  test('the posture tree: tooltips render no unsafe link; advisory links and the dashboard link are web URLs or absent', async () => {
    const tree: FindingsTreeResult = await client.connection.sendRequest('aspm/findingsTree', { activeUri: workspace.uriOf('package.json') });
    const nodes = [...tree.groups.flatMap((group) => group.findings), ...tree.filteredFindings];
    assert.deepEqual(nodes.map((node) => node.id).sort(), Object.keys(expected.findings).sort());
    for (const node of nodes) {
      assertOnlySafeLinks(node.tooltip, `tooltip of ${node.id}`);
      assert.ok(!/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/.test(node.title + node.description), `${node.id}: a plain row label`);
      assert.ok(node.advisoryUrl === undefined || /^https:\/\/[^\s)]+$/.test(node.advisoryUrl), `${node.id}: advisoryUrl ${node.advisoryUrl}`);
    }
    assert.equal(nodes.find((node) => node.id === 'f-hostile-jwt')?.advisoryUrl, undefined, 'javascript: is no advisory link');
    assert.equal(tree.service?.dashboardUrl, undefined, 'a dashboard URL with a space and a command is dropped');
  });

  test('diagnostics link only web advisories; code actions open only web advisories and offer only the confined fix', async () => {
    for (const site of sites) {
      assert.ok(!/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/.test(String(site.message) + JSON.stringify(site.relatedInformation)), `source site: plain text: ${JSON.stringify(site.message)}`);
      assert.ok(site.codeDescription === undefined || /^https:\/\//.test(site.codeDescription.href), `source site: codeDescription ${site.codeDescription?.href}`);
    }
    for (const [id, { uri, diagnostic }] of byId) {
      assert.ok(!/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/.test(String(diagnostic.message)), `${id}: a plain message in the Problems panel`);
      const href = diagnostic.codeDescription?.href;
      assert.ok(href === undefined || /^https:\/\//.test(href), `${id}: codeDescription ${href}`);
      const actions: CodeAction[] = await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
      for (const action of actions.filter((candidate) => candidate.command?.command === 'aspm.openAdvisory')) {
        assert.match(String(action.command?.arguments?.[0]), /^https:\/\/[^\s]+$/, `${id}: ${action.title}`);
      }
      const fix = actions.find((action) => action.edit);
      assert.equal(fix?.title ?? null, expected.findings[id]?.fix, `${id}: the fix offered`);
      for (const target of Object.keys(fix?.edit?.changes ?? {})) {
        assert.ok(target.startsWith(workspace.uri) && !/\/\.git\//i.test(target), `${id}: edits ${target}`);
      }
    }
  });
});
