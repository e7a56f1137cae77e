import { strict as assert } from 'node:assert';
import { pypiEcosystem } from './pypiEcosystem';
import { isRequirementsPath, parseRequirementsFile, scopeOfRequirementsPath } from './requirementsFile';

suite('core/index/manifests/requirementsFile', () => {
  const paths: { path: string; isRequirements: boolean; scope?: 'prod' | 'dev' }[] = [
    { path: 'requirements.txt', isRequirements: true, scope: 'prod' },
    { path: 'svc/requirements-base.txt', isRequirements: true, scope: 'prod' },
    { path: 'requirements-dev.txt', isRequirements: true, scope: 'dev' },
    { path: 'dev-requirements.in', isRequirements: true, scope: 'dev' },
    { path: 'requirements_test.txt', isRequirements: true, scope: 'dev' },
    { path: 'requirements/dev.txt', isRequirements: true, scope: 'dev' },
    { path: 'requirements/prod.in', isRequirements: true, scope: 'prod' },
    { path: 'requirements-docs.txt', isRequirements: true, scope: 'dev' },
    { path: 'constraints.txt', isRequirements: true, scope: 'prod' },
    { path: 'notes.txt', isRequirements: false },
    { path: 'MANIFEST.in', isRequirements: false },
    { path: 'requirements.yaml', isRequirements: false },
  ];
  for (const { path, isRequirements, scope } of paths) {
    test(`${path}: ${isRequirements ? `requirements, ${scope}` : 'not requirements'}`, () => {
      assert.equal(isRequirementsPath(path), isRequirements);
      if (scope) {
        assert.equal(scopeOfRequirementsPath(path), scope);
      }
    });
  }

  const cases: { name: string; text: string; declared?: string[]; includes?: string[]; problems?: RegExp[] }[] = [
    {
      name: 'pins, ranges, extras, markers, comments',
      text: '# header\nFlask==2.2.2  # web\nPyJWT[crypto]>=2.4,<3 ; python_version >= "3.8"\n\nrequests\n',
      declared: ['2 flask ==2.2.2 pin=2.2.2', '3 pyjwt >=2.4,<3 extras=crypto', '5 requests'],
    },
    {
      name: 'continuations and hashes',
      text: 'PyYAML==5.3.1 \\\n    --hash=sha256:aaaa \\\n    --hash=sha256:bbbb\nidna==2.10 --hash=sha256:cccc\n',
      declared: ['1 pyyaml ==5.3.1 pin=5.3.1', '4 idna ==2.10 pin=2.10'],
    },
    {
      name: 'a comment line ends a continuation (as in pip)',
      text: 'flask==2.2.2 \\\n# a comment ending in a backslash \\\nclick==8.1.3\n',
      declared: ['1 flask ==2.2.2 pin=2.2.2', '3 click ==8.1.3 pin=8.1.3'],
    },
    {
      name: 'includes in every spelling',
      text: '-r base.txt\n--requirement=../common/reqs.txt\n-rlocal.txt\n-c constraints.txt\n--constraint pins.txt\n',
      includes: ['requirement base.txt', 'requirement ../common/reqs.txt', 'requirement local.txt', 'constraint constraints.txt', 'constraint pins.txt'],
    },
    {
      name: 'editable and URL requirements: named ones are declared unversioned, local paths skipped',
      text: [
        '-e git+https://github.com/acme/flask-audit.git@v0.4.1#egg=flask_audit',
        '-e .',
        '--editable ./libs/shared',
        'https://files.example/wheels/Foo_Bar-1.0-py3-none-any.whl',
        'pip @ https://github.com/pypa/pip/archive/22.0.zip',
        './downloads/numpy-1.9.2.tar.gz',
      ].join('\n'),
      declared: ['1 flask-audit git+https://github.com/acme/flask-audit.git@v0.4.1#egg=flask_audit', '4 foo-bar https://files.example/wheels/Foo_Bar-1.0-py3-none-any.whl', '5 pip https://github.com/pypa/pip/archive/22.0.zip'],
    },
    {
      name: 'global options are ignored',
      text: '-i https://pypi.example/simple\n--extra-index-url https://x\n--require-hashes\n--pre\nflask\n',
      declared: ['5 flask'],
    },
    {
      name: 'bad lines become problems, the rest is kept',
      text: 'flask=2\n--frobnicate\n-r\n-r https://example.com/reqs.txt\nclick\n',
      declared: ['5 click'],
      problems: [/Cannot read requirement "flask=2"/, /Unknown option --frobnicate/, /-r needs a file/, /Remote include/],
    },
    { name: 'empty file', text: '', declared: [] },
  ];
  for (const { name, text, declared, includes, problems } of cases) {
    test(name, () => {
      const parsed = parseRequirementsFile(text, 'requirements.txt');
      const file = parsed.value!;
      if (declared) {
        assert.deepEqual(
          file.requirements.map(({ declared: dependency, extras, pinnedVersion }) =>
            [dependency.range.start.line + 1, dependency.name, dependency.spec, pinnedVersion ? `pin=${pinnedVersion}` : '', extras.length > 0 ? `extras=${extras.join(',')}` : '']
              .filter((part) => part !== '')
              .join(' '),
          ),
          declared,
        );
      }
      if (includes) {
        assert.deepEqual(file.includes.map((include) => `${include.kind} ${include.target}`), includes);
      }
      assert.equal(parsed.problems.length, problems?.length ?? 0, JSON.stringify(parsed.problems));
      problems?.forEach((pattern, index) => assert.match(parsed.problems[index]?.message ?? '', pattern));
    });
  }

  test('a continued requirement spans all its lines; scope comes from the file name', () => {
    const text = 'PyYAML==5.3.1 \\\n    --hash=sha256:aaaa   # pinned\nflask\n';
    const [pyyaml, flask] = parseRequirementsFile(text, 'requirements/dev.txt').value!.requirements;
    assert.deepEqual(pyyaml?.declared.range, { start: { line: 0, character: 0 }, end: { line: 1, character: 22 } });
    assert.deepEqual(flask?.declared.range, { start: { line: 2, character: 0 }, end: { line: 2, character: 5 } });
    assert.equal(flask?.declared.scope, 'dev');
    assert.equal(flask?.declared.manifestPath, 'requirements/dev.txt');
  });

  // Issue #8 item 3: pip-compile output records who needs each pin: that is a dependency graph.
  const compiled = [
    '#',
    '# This file is autogenerated by pip-compile with Python 3.11',
    '#    pip-compile requirements.in',
    '#',
    'certifi==2023.7.22',
    '    # via requests',
    'django==4.2.5 \\',
    '    --hash=sha256:aaaa',
    '    # via -r requirements.in',
    'idna==3.4',
    '    # via',
    '    #   requests',
    '    #   yarl',
    'requests==2.31.0',
    '    # via -r requirements.in',
    'sqlparse==0.4.4',
    '    # via django',
    'urllib3==1.26.18  # via requests, botocore',
    '',
  ].join('\n');

  test('pip-compile annotations, below the pin or after it, become `via`', () => {
    const parsed = parseRequirementsFile(compiled, 'requirements.txt').value!;
    assert.deepEqual(
      Object.fromEntries(parsed.requirements.map((requirement) => [requirement.declared.name, requirement.via])),
      { certifi: ['requests'], django: ['-r requirements.in'], idna: ['requests', 'yarl'], requests: ['-r requirements.in'], sqlparse: ['django'], urllib3: ['requests', 'botocore'] },
    );
    assert.equal(parseRequirementsFile('flask==2.2.2  # the web framework\nrequests\n', 'requirements.txt').value!.requirements.some((requirement) => requirement.via), false, 'a hand-written file has no annotations');
  });

  test('a pip-compile file is a graph: every parent is known, and urllib3 is pulled in by requests', () => {
    const graph = pypiEcosystem.buildGraphs(new Map([['requirements.txt', compiled]])).graphs[0]!.graph;
    const urllib3 = graph.packages.find((pkg) => pkg.name === 'urllib3')!;
    assert.deepEqual(urllib3.introducedBy.map((dependency) => `${dependency.name}:${dependency.range.start.line + 1}`), ['urllib3:18', 'requests:14']);
    assert.equal(urllib3.hasKnownParents, true);
    assert.equal(graph.edgeSource, 'requirements.txt');
    assert.ok(graph.packages.every((pkg) => pkg.hasKnownParents === true));
    const partly = pypiEcosystem.buildGraphs(new Map([['requirements.txt', `${compiled}gunicorn==21.2.0\n`]])).graphs[0]!.graph;
    assert.ok(partly.packages.every((pkg) => pkg.hasKnownParents === false), 'one pin without an annotation: not a pip-compile graph');
  });
});

