import { strict as assert } from 'node:assert';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { CodeAction, Diagnostic, Hover, MarkupContent } from 'vscode-languageserver-protocol';
import type { FindingsTreeResult } from '../../../shared/src/dto';
import type { FixtureBackend } from '../../../test-fixtures/backend/fixtureBackend';
import { writeStoredZip } from '../../src/test/zipFile';
import { copyWorkspace, LspTestClient, messageOf } from './lspTestClient';
import { sampleSettings, startBackend } from './testBackend';

const fixturesRoot = path.resolve(__dirname, '../../../../test-fixtures');

/**
 * Issue #8 item 3, 4, 8 over the real protocol: a dependency whose parent no graph records is `unknown` and published,
 * never hidden as declared-only; a graph the workspace has (a virtualenv's metadata, Gopkg.lock, a cached jar) turns
 * it into `imported` with the line that shows it; a range without fixed versions still gets its upgrade.
 */
function graphSuite(
  title: string,
  options: { scenario: string; workspace: string; repository: string; prepare?: (dir: string, home: string) => void },
  body: (context: { client: () => LspTestClient; uriOf: (relative: string) => string }) => void,
): void {
  suite(title, () => {
    let backend: FixtureBackend;
    let workspace: ReturnType<typeof copyWorkspace>;
    let client: LspTestClient;
    let home: string;
    const saved = { HOME: process.env.HOME, MAVEN_REPO: process.env.MAVEN_REPO };

    suiteSetup(async () => {
      backend = await startBackend(options.scenario);
      workspace = copyWorkspace(options.workspace);
      home = mkdtempSync(path.join(tmpdir(), 'aspm-home-'));
      options.prepare?.(workspace.dir, home);
      // The server inherits the environment: a home of its own, so the machine's ~/.m2 decides nothing.
      process.env.HOME = home;
      process.env.MAVEN_REPO = path.join(home, 'repository');
      try {
        client = await LspTestClient.start({ workspaceUri: workspace.uri, settings: sampleSettings(backend.url, { repository: options.repository }) });
      } finally {
        process.env.HOME = saved.HOME;
        process.env.MAVEN_REPO = saved.MAVEN_REPO;
      }
    });

    suiteTeardown(async () => {
      await client.stop();
      await backend.close();
      workspace.dispose();
      rmSync(home, { recursive: true, force: true });
    });

    body({ client: () => client, uriOf: (relative) => workspace.uriOf(relative) });
  });
}

/** The diagnostic of an advisory: its own, or (issue 9) the one of its package version that lists it. */
async function diagnosticOf(client: LspTestClient, uri: string, code: string): Promise<Diagnostic> {
  return client.waitFor(`the ${code} diagnostic`, () =>
    client.diagnostics.get(uri)?.find((diagnostic) => diagnostic.code === code || (diagnostic.data as { advisoryIds?: string[] } | undefined)?.advisoryIds?.includes(code)),
  );
}

async function preferredFix(client: LspTestClient, uri: string, diagnostic: Diagnostic): Promise<CodeAction | undefined> {
  const actions: CodeAction[] = await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic], only: ['quickfix'] } });
  return actions.find((action) => action.isPreferred);
}

graphSuite('protocol: a flat requirements.txt records no graph', { scenario: 'python-django', workspace: 'python-django', repository: 'github.com/acme/python-django' }, ({ client, uriOf }) => {
  test('urllib3, which nothing imports, is unknown and published on its own line, with the reason said', async () => {
    const requirements = uriOf('requirements.txt');
    const urllib3 = await diagnosticOf(client(), requirements, 'CVE-2021-33503');
    assert.equal(urllib3.range.start.line, 13, 'the urllib3==1.26.4 line');
    assert.match(messageOf(urllib3), /· unknown: urllib3: nothing imports it, but requirements\.txt records no dependency graph .*so it may be pulled in by another requirement/);
    const tree: FindingsTreeResult = await client().connection.sendRequest('aspm/findingsTree', {});
    assert.deepEqual(tree.filteredFindings.filter((finding) => /declared only|dev-only/.test(finding.filteredReason ?? '')), [], 'nothing is hidden as declared-only or dev-only');
  });

  // Issue 9: the range-only advisory is one of urllib3's four; the preferred upgrade fixes all of them.
  test('the range-only urllib3 advisory gets its upgrade: <1.26.17 means 1.26.17 fixes it', async () => {
    const requirements = uriOf('requirements.txt');
    const diagnostic = await diagnosticOf(client(), requirements, 'CVE-2023-43804');
    assert.equal((await preferredFix(client(), requirements, diagnostic))?.title, 'Upgrade urllib3 to ==1.26.19 (fixes all 4 advisories)');
    const hover: Hover = await client().connection.sendRequest('textDocument/hover', { textDocument: { uri: requirements }, position: { line: diagnostic.range.start.line, character: 2 } });
    assert.match((hover.contents as MarkupContent).value, /\[CVE-2023-43804\]\([^)]*\) \| [a-z]+ \| 1\.26\.17, 2\.0\.6 \|/);
    assert.match((hover.contents as MarkupContent).value, /Upgrade urllib3 to ==1\.26\.19/);
  });
});

graphSuite(
  'protocol: the virtualenv gives the flat requirements their graph',
  { scenario: 'python-django', workspace: 'python-django', repository: 'github.com/acme/python-django', prepare: (dir) => cpSync(path.join(fixturesRoot, 'virtualenvs', 'python-django'), path.join(dir, '.venv'), { recursive: true }) },
  ({ client, uriOf }) => {
    test('urllib3 is imported through requests: the evidence is the import line and the installed metadata', async () => {
      const urllib3 = await diagnosticOf(client(), uriOf('requirements.txt'), 'CVE-2021-33503');
      assert.match(messageOf(urllib3), /· imported: application code imports requests, which depends on urllib3$/);
      assert.ok(
        (urllib3.relatedInformation ?? []).some((info) => info.location.uri === uriOf('polls/views.py') && info.location.range.start.line === 1),
        JSON.stringify(urllib3.relatedInformation),
      );
      const hover: Hover = await client().connection.sendRequest('textDocument/hover', { textDocument: { uri: uriOf('requirements.txt') }, position: { line: urllib3.range.start.line, character: 2 } });
      assert.match((hover.contents as MarkupContent).value, /who requires urllib3: the Requires-Dist metadata of the packages installed in \.venv\/lib\/python3\.10\/site-packages/);
      const sqlparse = await diagnosticOf(client(), uriOf('requirements.txt'), 'CVE-2023-30608');
      assert.match(messageOf(sqlparse), /· imported: application code imports django, which depends on sqlparse/);
    });

    test('cryptography, listed only under an extra of PyJWT that nothing requests, stays unknown with that reason', async () => {
      const cryptography = await diagnosticOf(client(), uriOf('requirements.txt'), 'CVE-2023-0286');
      assert.match(messageOf(cryptography), /· unknown: cryptography: nothing imports it, but the installed metadata \(\.venv\/lib\/python3\.10\/site-packages\) lists cryptography under the \[crypto\] extra of pyjwt/);
    });
  },
);

graphSuite('protocol: Go // indirect modules and a dep Gopkg.lock', { scenario: 'go-graphs', workspace: 'go-fiber-indirect', repository: 'github.com/acme/fiber-api' }, ({ client, uriOf }) => {
  test('fasthttp, // indirect under fiber, is unknown and published on its go.mod line', async () => {
    const fasthttp = await diagnosticOf(client(), uriOf('go.mod'), 'CVE-2022-21221');
    assert.equal(fasthttp.range.start.line, 10);
    assert.match(messageOf(fasthttp), /· unknown: github\.com\/valyala\/fasthttp: nothing imports it, but go\.mod marks it `\/\/ indirect`/);
    assert.equal((await preferredFix(client(), uriOf('go.mod'), fasthttp))?.title, 'Upgrade github.com/valyala/fasthttp to v1.34.0 (an // indirect require: run go mod tidy after)');
  });

  test('the range-only Fiber advisory is fixed by upgrading go.mod to the version the range ends at', async () => {
    const diagnostic = await diagnosticOf(client(), uriOf('go.mod'), 'CVE-2024-25124');
    assert.match(messageOf(diagnostic), /· imported: application code imports github\.com\/gofiber\/fiber\/v2/);
    // Issue 9: one fix for both Fiber advisories on that version; v2.52.1 fixes the range-only one and the other.
    assert.equal((await preferredFix(client(), uriOf('go.mod'), diagnostic))?.title, 'Upgrade github.com/gofiber/fiber/v2 to v2.52.1 (fixes both advisories)');
  });
});

graphSuite('protocol: what Gopkg.lock compiles in is imported', { scenario: 'go-graphs', workspace: 'go-dep', repository: 'github.com/acme/dep-api' }, ({ client, uriOf }) => {
  test('gopkg.in/yaml.v2, compiled in for gin, is imported, citing its Gopkg.lock entry', async () => {
    const yaml = await diagnosticOf(client(), uriOf('Gopkg.lock'), 'CVE-2019-11254');
    assert.match(messageOf(yaml), /· imported: Gopkg\.lock records that the build compiles in gopkg\.in\/yaml\.v2; no application file imports gopkg\.in\/yaml\.v2, so a dependency does/);
    assert.ok((yaml.relatedInformation ?? []).some((info) => info.location.uri === uriOf('Gopkg.lock') && /lists gopkg\.in\/yaml\.v2 as compiled into the build/.test(info.message)));
  });
});

graphSuite(
  'protocol: Java packages unlike their group ids',
  {
    scenario: 'java-graphs',
    workspace: 'java-jose4j',
    repository: 'github.com/acme/auth-service',
    prepare: (_dir, home) => {
      const jar = path.join(home, 'repository', 'org', 'acme-labs', 'kit-core', '2.1.0', 'kit-core-2.1.0.jar');
      mkdirSync(path.dirname(jar), { recursive: true });
      writeStoredZip(jar, { 'com/example/kit/Clock.class': 'cafebabe' });
    },
  },
  ({ client, uriOf }) => {
    test('org.jose4j is org.bitbucket.b_c:jose4j: imported, on its pom.xml declaration', async () => {
      const jose4j = await diagnosticOf(client(), uriOf('pom.xml'), 'CVE-2023-31582');
      assert.equal(jose4j.range.start.line, 8);
      assert.match(messageOf(jose4j), /· imported: application code imports org\.bitbucket\.b_c:jose4j \(4 sites\)/);
    });

    test('com.example.kit is kit-core only by its jar in the local Maven repository: imported', async () => {
      const kit = await diagnosticOf(client(), uriOf('pom.xml'), 'ACME-2024-0042');
      assert.match(messageOf(kit), /· imported: application code imports org\.acme-labs:kit-core \(1 site\)/);
    });

    test('kit-core\'s version comes from ${acme-kit.version}, which kit-http shares: no upgrade offered, and the hover names the property, its line and why', async () => {
      const kit = await diagnosticOf(client(), uriOf('pom.xml'), 'ACME-2024-0042');
      assert.equal(await preferredFix(client(), uriOf('pom.xml'), kit), undefined);
      const hover: Hover = await client().connection.sendRequest('textDocument/hover', { textDocument: { uri: uriOf('pom.xml') }, position: kit.range.start });
      const text = (hover.contents as MarkupContent).value;
      assert.match(text, /\*\*Fixed in:\*\* 2\.1\.3/);
      assert.match(text, /no one-click upgrade: the version of org\.acme-labs:kit-core comes from the property \\?\$\\?\{acme-kit\.version\\?\}, defined at pom\.xml line 44; 2 dependencies use/);
      assert.ok(text.includes(`${uriOf('pom.xml')}#L44`), text);
    });

    test('commons-io, which nothing imports, is unknown (pom.xml records no transitive graph); test-scoped junit is filtered as dev-only', async () => {
      const commonsIo = await diagnosticOf(client(), uriOf('pom.xml'), 'CVE-2021-29425');
      assert.match(messageOf(commonsIo), /· unknown: commons-io:commons-io: nothing imports it, but pom\.xml records no transitive dependency graph/);
      const tree: FindingsTreeResult = await client().connection.sendRequest('aspm/findingsTree', {});
      assert.match(tree.filteredFindings.find((finding) => finding.id === 'f-junit-1')?.filteredReason ?? '', /^dev-only/);
    });
  },
);
