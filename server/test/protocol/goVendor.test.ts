import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Hover } from 'vscode-languageserver-protocol';
import type { FindingsTreeResult } from '../../../shared/src/dto';
import { messageOf, osvWorkspaceSuite } from './lspTestClient';

/**
 * Issue 8 on a Go service that vendors its dependencies (test-fixtures/workspaces/go-vendored), with local OSV records:
 * `vendor/modules.txt` is the package graph, and the vendored source says what kvstore's functions return.
 */
suite('protocol: a vendored Go module (issue 8)', () => {
  const opened = osvWorkspaceSuite('go-vendored');
  const diagnosticOf = (code: string): ReturnType<typeof opened.diagnosticOf> => opened.diagnosticOf('go.mod', code);

  test('db := kvstore.Open(…); snap := db.Snapshot(); snap.Restore(…): the vendored signatures make it Snapshot.Restore, not Backup.Restore', async () => {
    const diagnostic = await diagnosticOf('GO-2099-0301');
    assert.match(messageOf(diagnostic), /symbol-called: application code calls the vulnerable Snapshot\.Restore of github\.com\/acme-labs\/kvstore/);
    const call = (diagnostic.relatedInformation ?? []).find((info) => info.location.uri === opened.workspace.uriOf('main.go') && info.location.range.start.line === 18);
    assert.ok(call, JSON.stringify(diagnostic.relatedInformation));
    // Without kvstore's source, Snapshot.Restore and Backup.Restore could both be it: the call would stay unchecked.
    assert.match(call.message, /calls snap\.Restore\(\) — snap is what db\.Snapshot\(\) returns \(line 14\); db\.Snapshot\(\) returns \*kvstore\.Snapshot \(vulnerable: Snapshot\.Restore\)/);
  });

  test('golang.org/x/net (// indirect) has its html package compiled in per vendor/modules.txt: imported by a dependency, citing that line', async () => {
    const diagnostic = await diagnosticOf('GO-2099-0302');
    assert.match(messageOf(diagnostic), /imported: vendor\/modules\.txt records that the build compiles in golang\.org\/x\/net\/html; no application file imports golang\.org\/x\/net, so a dependency does/);
    const hover: Hover = await opened.client.connection.sendRequest('textDocument/hover', { textDocument: { uri: opened.workspace.uriOf('go.mod') }, position: diagnostic.range.start });
    assert.match((hover.contents as { value: string }).value, /vendor\/modules\.txt#L6/);
  });

  test('the metrics module, listed in vendor/modules.txt without packages, compiles nothing in: declared only, and filtered', async () => {
    await diagnosticOf('GO-2099-0301');
    const tree: FindingsTreeResult = await opened.client.connection.sendRequest('aspm/findingsTree', {});
    const metrics = tree.filteredFindings.find((finding) => /GO-2099-0303/.test(JSON.stringify(finding)));
    assert.match(metrics?.filteredReason ?? '', /declared only/);
  });

  // Last: it changes the workspace. `go mod vendor` after golang.org/x/net/html is no longer imported rewrites the list.
  test('vendor/modules.txt rewritten without golang.org/x/net/html: read again on its change, the advisory becomes declared only', async () => {
    await diagnosticOf('GO-2099-0302');
    const modulesTxt = path.join(opened.workspace.dir, 'vendor', 'modules.txt');
    writeFileSync(modulesTxt, readFileSync(modulesTxt, 'utf8').replace('golang.org/x/net/html\n', ''));
    await opened.client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: opened.workspace.uriOf('vendor/modules.txt'), type: 2 }] });
    await opened.client.waitFor('GO-2099-0302 gone from go.mod', () => !(opened.client.diagnostics.get(opened.workspace.uriOf('go.mod')) ?? []).some((diagnostic) => /GO-2099-0302/.test(JSON.stringify(diagnostic))));
    const tree: FindingsTreeResult = await opened.client.connection.sendRequest('aspm/findingsTree', {});
    const net = tree.filteredFindings.find((finding) => /GO-2099-0302/.test(JSON.stringify(finding)));
    assert.match(net?.filteredReason ?? '', /declared only/);
    // The advisory of a package still compiled in is untouched.
    assert.match(messageOf(await diagnosticOf('GO-2099-0301')), /symbol-called/);
  });
});
