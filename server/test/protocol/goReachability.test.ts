import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Hover } from 'vscode-languageserver-protocol';
import type { FindingsTreeResult } from '../../../shared/src/dto';
import { messageOf, osvWorkspaceSuite } from './lspTestClient';

/**
 * Issue 8 on a Go fiber service (test-fixtures/workspaces/go-fiber) with local OSV records: the app lives in a
 * struct field and is used from a file that does not import fiber; x/crypto is imported only for md4.
 */
suite('protocol: Go reachability per package and through values (issue 8)', () => {
  const opened = osvWorkspaceSuite('go-fiber');
  const goMod = (): string => opened.workspace.uriOf('go.mod');
  const diagnosticOf = (code: string, accept?: Parameters<typeof opened.diagnosticOf>[2]): ReturnType<typeof opened.diagnosticOf> => opened.diagnosticOf('go.mod', code, accept);

  test('fiber route registration is symbol-called: the evidence is the s.app.Get line of routes.go, through the Server field', async () => {
    const diagnostic = await diagnosticOf('GO-2099-0101');
    assert.match(messageOf(diagnostic), /symbol-called: application code calls the vulnerable App\.Get, App\.Post, App\.Delete of github\.com\/gofiber\/fiber\/v2/);
    const routes = opened.workspace.uriOf('routes.go');
    const call = (diagnostic.relatedInformation ?? []).find((info) => info.location.uri === routes && info.location.range.start.line === 5);
    assert.ok(call, JSON.stringify(diagnostic.relatedInformation));
    assert.match(call.message, /calls s\.app\.Get\(\) — s\.app is field app of Server \(server\.go:9\), of type fiber\.App \(vulnerable: App\.Get\)/);
    const line = readFileSync(path.join(opened.workspace.dir, 'routes.go'), 'utf8').split('\n')[5] ?? '';
    assert.match(line, /s\.app\.Get\(/, 'the cited line is the call');
  });

  test('app := fiber.New(); app.Get(…): the known signature of fiber.New makes app a *fiber.App, though Group.Get is listed too', async () => {
    const diagnostic = await diagnosticOf('GO-2099-0101');
    const hover: Hover = await opened.client.connection.sendRequest('textDocument/hover', { textDocument: { uri: goMod() }, position: diagnostic.range.start });
    const text = (hover.contents as { value: string }).value;
    assert.match(text, /health\.go#L8/, 'the hover links the app.Get line of health.go');
    assert.match(text, /calls app\.Get\(\) — app is what fiber\.New\(\) returns \(line 7\); fiber\.New\(\) returns \\?\*fiber\.App \(vulnerable: App\.Get\)/);
    assert.match(readFileSync(path.join(opened.workspace.dir, 'health.go'), 'utf8').split('\n')[7] ?? '', /app\.Get\(/, 'the cited line is the call');
  });

  test('a method of another fiber type is not called, and the sentence says so only because every call was resolved', async () => {
    // Issue 9: GO-2099-0102 shares the diagnostic of its fiber version; its own verdict is said in the hover.
    const diagnostic = await diagnosticOf('GO-2099-0102');
    assert.match(messageOf(diagnostic), /symbol-called: .* \(for 1 of 2; imported for 1\)$/);
    const hover: Hover = await opened.client.connection.sendRequest('textDocument/hover', { textDocument: { uri: goMod() }, position: diagnostic.range.start });
    const text = (hover.contents as { value: string }).value;
    assert.match(text, /\*\*Reachability: imported\*\* \(GO-2099-0102\) — application code imports github\.com\/gofiber\/fiber\/v2 \(4 sites\); the vulnerable Ctx\.IsFromLocal is not called/);
    // The calls checked are cited in the verdict's evidence (the CLI and the tree list them all: verdictEvidence); the
    // group's hover shows the first lines of its evidence and says how many more there are.
    assert.match(text, /- _\+\d+ more_/);
  });

  test('x/crypto advisories of packages the code does not import are unknown (fiber may import them), not hidden as declared', async () => {
    await diagnosticOf('GO-2099-0204');
    const tree: FindingsTreeResult = await opened.client.connection.sendRequest('aspm/findingsTree', {});
    const reasons = Object.fromEntries(tree.filteredFindings.map((finding) => [finding.id, finding.filteredReason ?? '']));
    // go.mod requires fiber too and records no graph of who imports what: absence of evidence is unknown (README.md).
    // These medium advisories then rank below the default threshold, which is the only reason they are filtered.
    for (const advisory of ['GO-2023-2402', 'GO-2099-0202', 'GO-2099-0203', 'GO-2099-0103']) {
      const reason = Object.entries(reasons).find(([id]) => id.includes(advisory))?.[1];
      assert.match(reason ?? '', /^priority \d+ is below the minimum 40/, `${advisory}: ${JSON.stringify(reasons)}`);
    }
    const md4 = await diagnosticOf('GO-2099-0204');
    assert.match(messageOf(md4), /symbol-called: application code calls the vulnerable New, digest\.Write of golang\.org\/x\/crypto/);
  });

  test('an edit that calls the vulnerable method on a parameter turns the verdict to symbol-called', async () => {
    const uri = opened.workspace.uriOf('handlers_users.go');
    const text = readFileSync(path.join(opened.workspace.dir, 'handlers_users.go'), 'utf8');
    const edited = text.replace('found, ok := s.users.byID[c.Params("id")]', 'found, ok := s.users.byID[c.Params("id")]\n\t_ = c.IsFromLocal()');
    assert.notEqual(edited, text);
    await opened.client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'go', version: 1, text } });
    await opened.client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: edited }] });
    // Both fiber advisories symbol-called now: the tiers no longer differ.
    const diagnostic = await diagnosticOf('GO-2099-0102', (item) => messageOf(item).includes('symbol-called') && !messageOf(item).includes('imported for'));
    assert.ok((diagnostic.relatedInformation ?? []).some((info) => info.location.uri === uri && /calls c\.IsFromLocal\(\) — c has type fiber\.Ctx/.test(info.message)), JSON.stringify(diagnostic.relatedInformation));
    await opened.client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  });
});
