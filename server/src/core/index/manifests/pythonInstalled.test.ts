import { strict as assert } from 'node:assert';
import { readdirSync } from 'node:fs';
import { fixturePath, readFixture, workspaceManifests } from '../../../test/fixtures';
import { snapshotGraphs } from './graphSnapshot';
import { pypiEcosystem } from './pypiEcosystem';
import { parseDistMetadata, virtualenvOfMetadata } from './pythonInstalled';

/** The fixture virtualenv's METADATA files as the host hands them over: under `<venvDir>`, repository-relative. */
function virtualenvFiles(venvDir: string): Map<string, string> {
  const root = fixturePath('virtualenvs', 'python-django');
  return new Map(
    readdirSync(root, { recursive: true, encoding: 'utf8' })
      .map((path) => path.split('\\').join('/'))
      .filter((path) => path.endsWith('/METADATA'))
      .map((path) => [`${venvDir}/${path}`, readFixture('virtualenvs', 'python-django', path)]),
  );
}

// Issue #8 item 3: an installed virtualenv's Requires-Dist metadata is the graph a flat requirements.txt lacks.
suite('core/index/manifests/pythonInstalled', () => {
  test('METADATA headers: name, version, Requires-Dist by extra; the description after the blank line is not read', () => {
    const text = [
      'Metadata-Version: 2.1',
      'Name: PyJWT',
      'Version: 1.7.1',
      'License: MIT',
      '  continued license line: Requires-Dist: not-a-header',
      'Requires-Dist: typing-extensions ; python_version < "3.8"',
      'Provides-Extra: crypto',
      "Requires-Dist: cryptography (>=1.4) ; extra == 'crypto'",
      'Requires-Dist: Sphinx[docs]>=4; extra == "docs"',
      '',
      'Requires-Dist: prose-only',
    ].join('\n');
    const parsed = parseDistMetadata(text, 'x/METADATA').value!;
    assert.equal(parsed.name, 'pyjwt');
    assert.equal(parsed.version, '1.7.1');
    assert.deepEqual(parsed.range.start.line, 1);
    assert.deepEqual(parsed.dependencies, [{ name: 'typing-extensions', extras: [] }], 'an environment marker is not evaluated; the target must be installed to count');
    assert.deepEqual(Object.fromEntries(parsed.extras), { crypto: [{ name: 'cryptography', extras: [] }], docs: [{ name: 'sphinx', extras: ['docs'] }] });
    assert.match(parseDistMetadata('Version: 1\n', 'y/METADATA').problems[0]?.message ?? '', /no Name header/);
  });

  test('which virtualenv a METADATA path belongs to, and the folder it serves', () => {
    const table: [string, ReturnType<typeof virtualenvOfMetadata>][] = [
      ['.venv/lib/python3.10/site-packages/requests-2.25.1.dist-info/METADATA', { virtualenv: '.venv', ownerDir: '', sitePackages: '.venv/lib/python3.10/site-packages' }],
      ['services/api/venv/lib/pypy3.9/site-packages/a-1.dist-info/METADATA', { virtualenv: 'services/api/venv', ownerDir: 'services/api', sitePackages: 'services/api/venv/lib/pypy3.9/site-packages' }],
      ['env/Lib/site-packages/a-1.dist-info/METADATA', { virtualenv: 'env', ownerDir: '', sitePackages: 'env/Lib/site-packages' }],
      ['requirements.txt', undefined],
      ['.venv/lib/python3.10/site-packages/a-1.dist-info/RECORD', undefined],
    ];
    for (const [path, want] of table) {
      assert.deepEqual(virtualenvOfMetadata(path), want, path);
    }
  });

  test('python-django: with its virtualenv, the flat requirements get their edges; pip and pytest, which nothing requires, stay out', () => {
    const files = new Map([...workspaceManifests('python-django', pypiEcosystem), ...virtualenvFiles('.venv')]);
    const { graphs, problems } = pypiEcosystem.buildGraphs(files);
    assert.deepEqual(problems, []);
    const [graph] = snapshotGraphs(graphs);
    assert.equal(graphs.length, 1);
    assert.equal(graphs[0]!.graph.edgeSource, '.venv/lib/python3.10/site-packages');
    const packages = graph!.packages;
    assert.deepEqual(Object.keys(packages), ['asgiref', 'certifi', 'cffi', 'chardet', 'cryptography', 'django', 'idna', 'pycparser', 'pyjwt', 'pytz', 'requests', 'six', 'sqlparse', 'urllib3']);
    assert.deepEqual(packages.urllib3, { version: '1.26.4', isDirect: true, isDevOnly: false, introducedBy: ['requirements.txt#requests', 'requirements.txt#urllib3'], declaredAt: 'requirements.txt:14', chain: ['urllib3'] });
    assert.deepEqual(packages.sqlparse?.introducedBy, ['requirements.txt#django', 'requirements.txt#sqlparse']);
    // cryptography is only an extra of pyjwt (and of requests and urllib3) nobody requested; cffi and six hang below it.
    for (const name of ['cryptography', 'cffi', 'six', 'pycparser']) {
      assert.equal(packages[name]?.parentsKnown, false, `${name}: whether the extra was installed is not recorded`);
    }
    assert.equal(graphs[0]!.graph.packages.find((pkg) => pkg.name === 'cffi')?.unknownParentsReason, 'the installed metadata (.venv/lib/python3.10/site-packages) shows cffi required by what the [crypto] extra of pyjwt pulls in, and whether that extra was installed is not recorded');
  });

  test('without it, the same requirements know no parents', () => {
    const [graph] = snapshotGraphs(pypiEcosystem.buildGraphs(workspaceManifests('python-django', pypiEcosystem)).graphs);
    assert.ok(Object.values(graph!.packages).every((pkg) => pkg.parentsKnown === false && pkg.introducedBy.length === 1));
  });

  test('a requested extra is an edge; a requirement the virtualenv lacks leaves every dependant unknown', () => {
    const venv = virtualenvFiles('.venv');
    const withExtra = pypiEcosystem.buildGraphs(new Map([['requirements.txt', 'PyJWT[crypto]==1.7.1\ncryptography==3.3.2\n'], ...venv])).graphs[0]!.graph;
    const cryptography = withExtra.packages.find((pkg) => pkg.name === 'cryptography');
    assert.deepEqual(cryptography?.introducedBy.map((dependency) => dependency.name), ['cryptography', 'pyjwt']);
    assert.equal(cryptography?.hasKnownParents, true);
    const missing = pypiEcosystem.buildGraphs(new Map([['requirements.txt', 'requests==2.25.1\nflask==2.2.2\n'], ...venv])).graphs[0]!.graph;
    assert.ok(missing.packages.every((pkg) => pkg.hasKnownParents === false));
    assert.match(missing.packages.find((pkg) => pkg.name === 'urllib3')?.unknownParentsReason ?? '', /some requirement is not installed in \.venv\/lib\/python3\.10\/site-packages/);
  });

  test('a virtualenv serves the folder that holds it and the folders below, not a sibling', () => {
    const graphs = pypiEcosystem.buildGraphs(new Map([['api/requirements.txt', 'requests==2.25.1\n'], ['worker/requirements.txt', 'requests==2.25.1\n'], ...virtualenvFiles('api/.venv')])).graphs;
    const byRoot = Object.fromEntries(graphs.map((rooted) => [rooted.rootDir, rooted.graph.packages.map((pkg) => pkg.name).sort()]));
    assert.deepEqual(byRoot, { api: ['certifi', 'chardet', 'idna', 'requests', 'urllib3'], worker: ['requests'] });
  });

  test('a Pipfile.lock gets its missing edges from the virtualenv', () => {
    const lock = JSON.stringify({ default: { requests: { version: '==2.25.1' }, urllib3: { version: '==1.26.4' }, idna: { version: '==2.10' }, chardet: { version: '==4.0.0' }, certifi: { version: '==2020.12.5' } }, develop: {} });
    const graph = pypiEcosystem.buildGraphs(new Map([['Pipfile', '[packages]\nrequests = "*"\n'], ['Pipfile.lock', lock], ...virtualenvFiles('.venv')])).graphs[0]!.graph;
    const urllib3 = graph.packages.find((pkg) => pkg.name === 'urllib3');
    assert.deepEqual(urllib3?.introducedBy.map((dependency) => `${dependency.manifestPath}#${dependency.name}`), ['Pipfile#requests']);
    assert.equal(urllib3?.version, '1.26.4');
    assert.equal(urllib3?.hasKnownParents, true);
    assert.equal(graph.edgeSource, '.venv/lib/python3.10/site-packages');
  });
});
