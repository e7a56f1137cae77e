import { strict as assert } from 'node:assert';
import { readFixture, workspaceManifests } from '../../../test/fixtures';
import { snapshotGraphs, type GraphSnapshot } from './graphSnapshot';
import { parsePipfileLock } from './pipfileLock';
import { parsePoetryLock } from './poetryLock';
import { pypiEcosystem } from './pypiEcosystem';
import { scopeOfGroupName } from './pypiGraph';
import { parsePyproject } from './pyprojectToml';
import { parseUvLock } from './uvLock';

type Expected = { graphs: GraphSnapshot[]; problems: { at: string; matches: string }[] };

function graphsOf(files: Record<string, string>): ReturnType<typeof snapshotGraphs> {
  return snapshotGraphs(pypiEcosystem.buildGraphs(new Map(Object.entries(files))).graphs);
}

function problemsOf(files: Record<string, string>): string[] {
  return pypiEcosystem.buildGraphs(new Map(Object.entries(files))).problems.map((problem) => `${problem.path}:${(problem.range?.start.line ?? -1) + 1} ${problem.message}`);
}

suite('core/index/manifests/pypiEcosystem', () => {
  test('python-flask: both graphs match the expectations file', () => {
    const expected = JSON.parse(readFixture('workspaces', 'python-flask', 'python-flask.expected.json')) as Expected;
    const files = workspaceManifests('python-flask', pypiEcosystem);
    assert.deepEqual([...files.keys()], ['constraints.txt', 'poetry.lock', 'pyproject.toml', 'requirements-base.txt', 'requirements-dev.txt', 'requirements.txt']);
    const { graphs, problems } = pypiEcosystem.buildGraphs(files);
    const actual = snapshotGraphs(graphs);
    assert.deepEqual(actual.map((graph) => graph.rootManifestPath), expected.graphs.map((graph) => graph.rootManifestPath));
    expected.graphs.forEach((want, index) => {
      const got = actual[index]!;
      assert.deepEqual(got.declared, want.declared, `${want.rootManifestPath} declarations`);
      assert.deepEqual(Object.keys(got.packages), Object.keys(want.packages), `${want.rootManifestPath} package set`);
      for (const [name, pkg] of Object.entries(want.packages)) {
        assert.deepEqual(got.packages[name], pkg, `${want.rootManifestPath}: ${name}`);
      }
      assert.deepEqual(got, want);
    });
    assert.deepEqual(problems, []);
    assert.deepEqual(expected.problems, []);
  });

  test('isManifestFile claims Python manifests and lockfiles only', () => {
    const claimed = ['pyproject.toml', 'a/Pipfile', 'a/Pipfile.lock', 'poetry.lock', 'uv.lock', 'requirements.txt', 'requirements/dev.in', 'constraints.txt'];
    const ignored = ['package.json', 'setup.py', 'notes.txt', 'Pipfile.bak', 'go.mod'];
    claimed.forEach((path) => assert.equal(pypiEcosystem.isManifestFile(path), true, path));
    ignored.forEach((path) => assert.equal(pypiEcosystem.isManifestFile(path), false, path));
  });
});

suite('core/index/manifests/pypiGraph: group scopes', () => {
  const groups: [string, 'prod' | 'dev' | 'optional'][] = [
    ['main', 'prod'],
    ['dev', 'dev'],
    ['Lint', 'dev'],
    ['tests-integration', 'dev'],
    ['type_checking', 'optional'],
    ['typing', 'dev'],
    ['postgres', 'optional'],
    ['main-extras', 'optional'],
  ];
  for (const [group, scope] of groups) {
    test(`group ${group} → ${scope}`, () => assert.equal(scopeOfGroupName(group), scope));
  }
});

suite('core/index/manifests/pypiEcosystem: requirements includes', () => {
  test('-r includes resolve relative to the including file; scope comes from each file name', () => {
    const [graph] = graphsOf({
      'svc/requirements/base.txt': 'flask==2.2.2\n',
      'svc/requirements/dev.txt': '-r base.txt\n-r ../../shared/requirements-common.txt\npytest\n',
      'shared/requirements-common.txt': 'requests==2.25.1\n',
    });
    assert.equal(graph?.rootDir, 'svc');
    assert.equal(graph?.rootManifestPath, 'svc/requirements/dev.txt');
    assert.deepEqual(graph?.declared, [
      'svc/requirements/dev.txt:3 pytest dev',
      'svc/requirements/base.txt:1 flask prod ==2.2.2',
      'shared/requirements-common.txt:1 requests prod ==2.25.1',
    ]);
  });

  test('a package declared in a prod and a dev file is not dev-only, prod introducer first', () => {
    const [graph] = graphsOf({ 'requirements.txt': 'requests==2.25.1\n', 'requirements-dev.txt': '-r requirements.txt\nrequests==2.25.1\n' });
    assert.equal(graph?.packages.requests?.isDevOnly, false);
    assert.equal(graph?.packages.requests?.declaredAt, 'requirements.txt:1');
    assert.deepEqual(graph?.packages.requests?.introducedBy, ['requirements-dev.txt#requests', 'requirements.txt#requests']);
  });

  test('constraints pin versions of declared packages but declare nothing', () => {
    const [graph] = graphsOf({ 'requirements.txt': '-c constraints.txt\nurllib3>=1.26\n', 'constraints.txt': 'urllib3==1.26.4\nidna==2.10\n' });
    assert.deepEqual(Object.keys(graph?.packages ?? {}), ['urllib3']);
    assert.equal(graph?.packages.urllib3?.version, '1.26.4');
  });

  const badIncludes: { name: string; files: Record<string, string>; problems: RegExp[]; declared: string[] }[] = [
    {
      name: 'circular -r includes are reported once and every file is still read',
      files: { 'requirements-a.txt': '-r requirements-b.txt\nflask\n', 'requirements-b.txt': '-r requirements-a.txt\nclick\n' },
      problems: [/^requirements-b\.txt:1 Circular include: requirements-a\.txt → requirements-b\.txt → requirements-a\.txt$/],
      declared: ['requirements-a.txt:2 flask prod', 'requirements-b.txt:2 click prod'],
    },
    {
      name: 'a file including itself',
      files: { 'requirements.txt': 'flask\n-r requirements.txt\n' },
      problems: [/^requirements\.txt:2 Circular include: requirements\.txt → requirements\.txt$/],
      declared: ['requirements.txt:1 flask prod'],
    },
    {
      name: 'a missing include',
      files: { 'requirements.txt': '-r missing.txt\nflask\n' },
      problems: [/^requirements\.txt:1 Included file missing\.txt is not among/],
      declared: ['requirements.txt:2 flask prod'],
    },
    {
      name: 'an include leaving the repository',
      files: { 'requirements.txt': '-r ../../etc/requirements.txt\n-r /abs/requirements.txt\nflask\n' },
      problems: [/^requirements\.txt:1 Included file/, /^requirements\.txt:2 Included file/],
      declared: ['requirements.txt:3 flask prod'],
    },
  ];
  for (const { name, files, problems, declared } of badIncludes) {
    test(name, () => {
      const found = problemsOf(files);
      assert.equal(found.length, problems.length, found.join('\n'));
      problems.forEach((pattern, index) => assert.match(found[index] ?? '', pattern));
      assert.deepEqual(graphsOf(files).flatMap((graph) => graph.declared), declared);
    });
  }
});

suite('core/index/manifests/pypiEcosystem: pyproject.toml', () => {
  test('PEP 621, PEP 735 and uv dev dependencies with their scopes and string ranges', () => {
    const text = [
      '[project]', // 1
      'name = "My_App"',
      'dependencies = [',
      '  "Flask>=2.2",', // 4
      '  "requests[socks]==2.31.0 ; python_version >= \'3.8\'",', // 5
      ']',
      '[project.optional-dependencies]',
      'test = ["pytest>=7"]', // 8
      'postgres = ["psycopg2-binary==2.9.9"]', // 9
      'all = ["my-app[test,postgres]"]', // 10
      '[dependency-groups]',
      'lint = ["ruff==0.4.4"]', // 12
      'dev = [{ include-group = "lint" }, "mypy"]', // 13
      '[tool.uv]',
      'dev-dependencies = ["coverage"]', // 15
    ].join('\n');
    const parsed = parsePyproject(text, 'pyproject.toml');
    assert.deepEqual(parsed.problems, []);
    assert.equal(parsed.value?.name, 'my-app');
    assert.deepEqual(
      parsed.value?.declarations.map(({ declared, pinnedVersion, extras }) => `${declared.range.start.line + 1} ${declared.name} ${declared.scope} ${pinnedVersion ?? '-'} ${extras.join(',')}`.trim()),
      ['4 flask prod -', '5 requests prod 2.31.0 socks', '8 pytest dev -', '9 psycopg2-binary optional 2.9.9', '12 ruff dev 0.4.4', '13 mypy dev -', '15 coverage dev -'],
    );
    const requests = parsed.value?.declarations[1]?.declared;
    assert.deepEqual(requests?.range, { start: { line: 4, character: 2 }, end: { line: 4, character: 53 } });
  });

  test('Poetry main, optional, group and legacy dev dependencies', () => {
    const text = [
      '[tool.poetry]',
      'name = "svc"',
      '[tool.poetry.dependencies]',
      'python = "^3.9"',
      'Django = "4.1.0"', // 5
      'celery = { version = "^5.2", extras = ["redis"], optional = true }', // 6
      'numpy = [', // 7
      '  { version = "<1.25", python = "<3.9" },',
      '  { version = "^1.25", python = ">=3.9" },',
      ']',
      '[tool.poetry.dev-dependencies]',
      'pytest = "^7"', // 12
      '[tool.poetry.group.docs.dependencies]',
      'sphinx = "^7"', // 14
      '[tool.poetry.group.server]',
      'dependencies = { gunicorn = "21.2.0" }', // 16
    ].join('\n');
    const parsed = parsePyproject(text, 'pyproject.toml');
    assert.deepEqual(parsed.problems, []);
    assert.deepEqual(
      parsed.value?.declarations.map(({ declared, pinnedVersion, extras }) => `${declared.range.start.line + 1} ${declared.name} ${declared.scope} ${declared.spec} ${pinnedVersion ?? '-'} ${extras.join(',')}`.trim()),
      ['5 django prod 4.1.0 4.1.0', '6 celery optional ^5.2 - redis', '7 numpy prod <1.25 || ^1.25 -', '12 pytest dev ^7 -', '14 sphinx dev ^7 -', '16 gunicorn optional 21.2.0 21.2.0'],
    );
  });

  const bad: { name: string; text: string; problem: RegExp; line?: number }[] = [
    { name: 'bad TOML', text: '[project]\ndependencies = ["flask"\nname = 1\n', problem: /Invalid TOML document/, line: 3 },
    { name: 'duplicate table', text: '[project]\nname = "a"\n[project]\nname = "b"\n', problem: /Invalid TOML document/ },
    { name: 'a requirement that is not PEP 508', text: '[project]\ndependencies = ["flask=2"]\n', problem: /Cannot read requirement "flask=2"/, line: 2 },
  ];
  for (const { name, text, problem, line } of bad) {
    test(`bad input: ${name}`, () => {
      const parsed = parsePyproject(text, 'pyproject.toml');
      assert.equal(parsed.problems.length, 1);
      assert.match(parsed.problems[0]!.message, problem);
      if (line !== undefined) {
        assert.equal(parsed.problems[0]!.range?.start.line, line - 1);
      }
    });
  }

  test('a pyproject without dependencies (tool configuration only) gives no graph', () => {
    assert.deepEqual(graphsOf({ 'pyproject.toml': '[tool.black]\nline-length = 100\n' }), []);
  });
});

suite('core/index/manifests/pypiEcosystem: lockfiles', () => {
  const uvLock = [
    'version = 1',
    'requires-python = ">=3.11"',
    '',
    '[[package]]',
    'name = "app"',
    'version = "0.1.0"',
    'source = { editable = "." }',
    'dependencies = [{ name = "httpx" }, { name = "lib" }]',
    '',
    '[[package]]',
    'name = "lib"',
    'version = "0.2.0"',
    'source = { editable = "packages/lib" }',
    'dependencies = [{ name = "Anyio" }]',
    '',
    '[[package]]',
    'name = "httpx"',
    'version = "0.27.0"',
    'source = { registry = "https://pypi.org/simple" }',
    'dependencies = [{ name = "anyio" }, { name = "certifi" }]',
    '',
    '[package.optional-dependencies]',
    'http2 = [{ name = "h2" }]',
    '',
    '[[package]]',
    'name = "anyio"',
    'version = "4.3.0"',
    'source = { registry = "https://pypi.org/simple" }',
    '',
    '[[package]]',
    'name = "certifi"',
    'version = "2024.2.2"',
    'source = { registry = "https://pypi.org/simple" }',
    '',
    '[[package]]',
    'name = "h2"',
    'version = "4.1.0"',
    'source = { registry = "https://pypi.org/simple" }',
    '',
    '[[package]]',
    'name = "pytest"',
    'version = "8.1.1"',
    'source = { registry = "https://pypi.org/simple" }',
  ].join('\n');

  test('uv.lock: edges, extras, workspace members walked through but not reported', () => {
    const [graph] = graphsOf({
      'pyproject.toml': '[project]\nname = "app"\ndependencies = ["httpx[http2]", "lib"]\n[dependency-groups]\ndev = ["pytest"]\n',
      'packages/lib/pyproject.toml': '[project]\nname = "lib"\ndependencies = ["anyio"]\n',
      'uv.lock': uvLock,
    });
    assert.equal(graph?.hasLockfile, true);
    assert.deepEqual(Object.keys(graph?.packages ?? {}), ['anyio', 'certifi', 'h2', 'httpx', 'pytest']);
    assert.deepEqual(graph?.packages.h2?.chain, ['httpx', 'h2'], 'the http2 extra adds h2');
    assert.deepEqual(graph?.packages.anyio?.introducedBy, ['packages/lib/pyproject.toml#anyio', 'pyproject.toml#httpx', 'pyproject.toml#lib']);
    assert.equal(graph?.packages.anyio?.isDirect, true, 'the workspace member declares it');
    assert.deepEqual(graph?.packages.anyio?.chain, ['anyio'], 'the shortest of the prod chains');
    assert.equal(graph?.packages.pytest?.isDevOnly, true);
    assert.deepEqual(graph?.declared.map((line) => line.split(' ')[0]), ['pyproject.toml:3', 'pyproject.toml:3', 'pyproject.toml:5', 'packages/lib/pyproject.toml:3']);
  });

  test('a locked package nothing declared reaches is introduced by its lockfile entry', () => {
    const [graph] = graphsOf({ 'pyproject.toml': '[project]\nname = "app"\ndependencies = ["certifi"]\n', 'uv.lock': uvLock });
    assert.deepEqual(graph?.packages.pytest?.introducedBy, ['uv.lock#pytest']);
    assert.equal(graph?.packages.pytest?.declaredAt, 'uv.lock:41');
    assert.equal(graph?.packages.pytest?.isDirect, false);
    assert.equal(graph?.packages.pytest?.isDevOnly, false, 'uv.lock records no scope: prod, never hidden on a guess');
  });

  test('extras named like Object.prototype members are plain names', () => {
    const lock = '[[package]]\nname = "flask"\nversion = "2.2.2"\n\n[package.extras]\nasync = ["asgiref (>=3.2)"]\n';
    const [graph] = graphsOf({ 'requirements.txt': 'flask[constructor,__proto__]==2.2.2\n', 'pyproject.toml': '[project]\ndependencies = ["flask[constructor,toString]"]\n', 'poetry.lock': lock });
    assert.deepEqual(graph?.packages.flask?.introducedBy, ['pyproject.toml#flask']);
    assert.equal(pypiEcosystem.isManifestFile('toString'), false);
    assert.equal(pypiEcosystem.isManifestFile('constructor'), false);
  });

  test('poetry.lock: category (Poetry < 1.5) and optional edges that only extras follow', () => {
    const lock = [
      '[[package]]', 'name = "pyjwt"', 'version = "2.4.0"', 'category = "main"', 'optional = false', 'python-versions = ">=3.6"',
      '', '[package.dependencies]', 'cryptography = {version = ">=3.3.1", optional = true}',
      '', '[package.extras]', 'crypto = ["cryptography (>=3.3.1)"]',
      '', '[[package]]', 'name = "cryptography"', 'version = "38.0.1"', 'category = "main"', 'optional = true', 'python-versions = ">=3.6"',
      '', '[[package]]', 'name = "pytest-mock"', 'version = "3.10.0"', 'category = "dev"', 'optional = false', 'python-versions = ">=3.7"',
      '', '[metadata]', 'lock-version = "1.1"', 'python-versions = "^3.9"', 'content-hash = "abc"',
    ].join('\n');
    const parsed = parsePoetryLock(lock, 'poetry.lock');
    assert.deepEqual(parsed.value?.packages.map((entry) => `${entry.name} ${entry.scope} ${entry.range.start.line + 1}`), ['pyjwt prod 2', 'cryptography prod 15', 'pytest-mock dev 22']);
    const [graph] = graphsOf({ 'pyproject.toml': '[tool.poetry.dependencies]\npyjwt = "^2.4"\n', 'poetry.lock': lock });
    assert.deepEqual(graph?.packages.cryptography?.introducedBy, ['poetry.lock#cryptography'], 'without the crypto extra, pyjwt does not pull it in');
    assert.equal(graph?.packages['pytest-mock']?.isDevOnly, true, 'the lock category scopes an unreached entry');
    const [withExtra] = graphsOf({ 'pyproject.toml': '[tool.poetry.dependencies]\npyjwt = { version = "^2.4", extras = ["crypto"] }\n', 'poetry.lock': lock });
    assert.deepEqual(withExtra?.packages.cryptography?.introducedBy, ['pyproject.toml#pyjwt']);
    assert.deepEqual(withExtra?.packages.cryptography?.chain, ['pyjwt', 'cryptography']);
  });

  const pipfileLock = JSON.stringify(
    {
      _meta: { hash: { sha256: 'abc' }, 'pipfile-spec': 6, requires: { python_version: '3.11' }, sources: [{ name: 'pypi', url: 'https://pypi.org/simple', verify_ssl: true }] },
      default: {
        flask: { hashes: ['sha256:aaa'], index: 'pypi', version: '==2.2.2' },
        werkzeug: { hashes: ['sha256:bbb'], version: '==2.2.2' },
        idna: { hashes: ['sha256:ccc'], version: '==3.4' },
      },
      develop: {
        idna: { hashes: ['sha256:ccc'], version: '==3.4' },
        pytest: { hashes: ['sha256:ddd'], version: '==7.1.3' },
        iniconfig: { hashes: ['sha256:eee'], version: '==1.1.1' },
      },
    },
    null,
    4,
  );

  test('Pipfile.lock has no edges: transitive packages point at their lock entry, default beats develop', () => {
    const [graph] = graphsOf({ Pipfile: '[packages]\nflask = "==2.2.2"\n\n[dev-packages]\npytest = "*"\nidna = "*"\n', 'Pipfile.lock': pipfileLock });
    assert.equal(graph?.rootManifestPath, 'Pipfile');
    assert.deepEqual(graph?.packages.flask, { version: '2.2.2', isDirect: true, isDevOnly: false, introducedBy: ['Pipfile#flask'], declaredAt: 'Pipfile:2', chain: ['flask'], parentsKnown: false });
    assert.deepEqual(graph?.packages.werkzeug?.introducedBy, ['Pipfile.lock#werkzeug']);
    assert.equal(graph?.packages.werkzeug?.isDevOnly, false);
    assert.equal(graph?.packages.iniconfig?.isDevOnly, true);
    assert.deepEqual(graph?.packages.idna?.introducedBy, ['Pipfile#idna', 'Pipfile.lock#idna'], 'declared dev, but the lock installs it for prod too');
    assert.equal(graph?.packages.idna?.isDevOnly, false);
    assert.equal(graph?.packages.idna?.declaredAt, `Pipfile.lock:${pipfileLock.split('\n').findIndex((line) => line.includes('"idna"')) + 1}`);
  });

  const badLocks: { name: string; parse: () => { value?: unknown; problems: { message: string }[] }; problem: RegExp }[] = [
    { name: 'poetry.lock: bad TOML', parse: () => parsePoetryLock('[[package]\nname = "a"\n', 'poetry.lock'), problem: /Invalid TOML/ },
    { name: 'poetry.lock: no packages', parse: () => parsePoetryLock('[metadata]\nlock-version = "2.0"\n', 'poetry.lock'), problem: /no \[\[package\]\]/ },
    { name: 'uv.lock: bad TOML', parse: () => parseUvLock('version = \n', 'uv.lock'), problem: /Invalid TOML/ },
    { name: 'Pipfile.lock: truncated JSON', parse: () => parsePipfileLock('{"default": {', 'Pipfile.lock'), problem: /Invalid JSON/ },
    { name: 'Pipfile.lock: not an object', parse: () => parsePipfileLock('[]', 'Pipfile.lock'), problem: /not a JSON object/ },
  ];
  for (const { name, parse, problem } of badLocks) {
    test(`bad input: ${name}`, () => {
      const parsed = parse();
      assert.match(parsed.problems[0]?.message ?? '', problem);
    });
  }

  test('an unreadable lockfile leaves the manifest graph without a lockfile, and the problem is reported', () => {
    const { graphs, problems } = pypiEcosystem.buildGraphs(new Map([['pyproject.toml', '[project]\ndependencies = ["flask==2.2.2"]\n'], ['poetry.lock', '[[package]\nname=']]));
    const [graph] = snapshotGraphs(graphs);
    assert.equal(graph?.hasLockfile, false);
    assert.equal(graph?.packages.flask?.version, '2.2.2');
    assert.match(problems[0]?.message ?? '', /Invalid TOML/);
    assert.equal(problems[0]?.path, 'poetry.lock');
  });
});
