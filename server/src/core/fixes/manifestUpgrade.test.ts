import { strict as assert } from 'node:assert';
import { readFixture, workspaceManifests } from '../../test/fixtures';
import type { EcosystemIndexer } from '../index/manifests/ecosystem';
import { golangEcosystem } from '../index/manifests/golangEcosystem';
import { mavenEcosystem } from '../index/manifests/mavenEcosystem';
import { pypiEcosystem } from '../index/manifests/pypiEcosystem';
import type { DeclaredDependency } from '../model/dependency';
import { LineIndex } from '../model/location';
import { lowestFixedVersionIn } from './lowestFixedVersion';
import { planManifestUpgrade, specFloor } from './manifestUpgrade';

/** The manifests of a fixture workspace the ecosystem reads, and its direct declarations by `path name`. */
function declarationsOf(workspace: string, ecosystem: EcosystemIndexer): { texts: Map<string, string>; declared: Map<string, DeclaredDependency> } {
  return declarationsIn(workspaceManifests(workspace, ecosystem), ecosystem);
}

function declarationsIn(texts: Map<string, string>, ecosystem: EcosystemIndexer): { texts: Map<string, string>; declared: Map<string, DeclaredDependency> } {
  const declared = new Map<string, DeclaredDependency>();
  for (const rooted of ecosystem.buildGraphs(texts).graphs) {
    for (const pkg of rooted.graph.packages) {
      for (const declaration of pkg.introducedBy.filter((item) => item.name === pkg.name)) {
        declared.set(`${declaration.manifestPath} ${declaration.name}`, declaration);
      }
    }
  }
  return { texts, declared };
}

/** The manifest after a plan's edits, and the plan's title. */
function applied(ecosystem: string, workspace: { texts: Map<string, string>; declared: Map<string, DeclaredDependency> }, key: string, fixed: string[], installed?: string): { title: string; line: string } | undefined {
  const declaration = workspace.declared.get(key);
  assert.ok(declaration, `${key} is declared in ${[...workspace.declared.keys()].join(', ')}`);
  const text = workspace.texts.get(declaration.manifestPath)!;
  const plan = planManifestUpgrade(ecosystem, declaration, text, fixed, installed);
  if (!plan) {
    return undefined;
  }
  assert.equal(plan.edits.length, 1);
  const [edit] = plan.edits;
  assert.equal(edit!.path, declaration.manifestPath);
  const lines = new LineIndex(text);
  const after = text.slice(0, lines.offsetAt(edit!.range.start)) + edit!.newText + text.slice(lines.offsetAt(edit!.range.end));
  return { title: plan.title, line: after.split('\n')[edit!.range.start.line]!.trim() };
}

suite('core/fixes/manifestUpgrade', () => {
  /** The whole manifest after a plan's edits, to compare with a golden file of test-fixtures/fixes. */
  const fixedText = (ecosystem: string, manifest: string, ecosystemIndexer: EcosystemIndexer, key: string, fixed: string[], installed: string): { title: string; text: string } | undefined => {
    const workspace = declarationsIn(new Map([[manifest, readFixture('fixes', manifest)]]), ecosystemIndexer);
    const declaration = workspace.declared.get(`${manifest} ${key}`);
    assert.ok(declaration, `${key} in ${[...workspace.declared.keys()].join(', ')}`);
    const text = workspace.texts.get(manifest)!;
    const plan = planManifestUpgrade(ecosystem, declaration, text, fixed, installed);
    if (!plan) {
      return undefined;
    }
    const lines = new LineIndex(text);
    const edits = [...plan.edits].sort((a, b) => lines.offsetAt(b.range.start) - lines.offsetAt(a.range.start));
    return { title: plan.title, text: edits.reduce((after, edit) => after.slice(0, lines.offsetAt(edit.range.start)) + edit.newText + after.slice(lines.offsetAt(edit.range.end)), text) };
  };

  test('Go: a // indirect require is raised to the fixed version on its own line, the title saying to run go mod tidy (golden)', () => {
    const result = fixedText('golang', 'go.mod', golangEcosystem, 'github.com/valyala/fasthttp', ['1.34.0'], 'v1.31.0');
    assert.equal(result?.title, 'Upgrade github.com/valyala/fasthttp to v1.34.0 (an // indirect require: run go mod tidy after)');
    assert.equal(result.text, readFixture('fixes', 'go.fixed-indirect.mod'));
  });

  test('Maven: a version written through a property only that dependency uses is raised in the property (golden); a shared one is not', () => {
    const result = fixedText('maven', 'pom.xml', mavenEcosystem, 'com.thoughtworks.xstream:xstream', ['1.4.18'], '1.4.17');
    assert.equal(result?.title, 'Upgrade com.thoughtworks.xstream:xstream to 1.4.18 (property xstream.version)');
    assert.equal(result.text, readFixture('fixes', 'pom.fixed-property.xml'));
    assert.equal(fixedText('maven', 'pom.xml', mavenEcosystem, 'com.fasterxml.jackson.core:jackson-databind', ['2.9.10.8'], '2.9.8'), undefined, 'jackson.version also sets jackson-core');
  });

  test('PyPI: the pinned or floored version is rewritten where it is written, the operator kept', () => {
    const workspace = declarationsOf('python-flask', pypiEcosystem);
    assert.deepEqual(applied('pypi', workspace, 'requirements.txt flask', ['2.3.2', '3.0.0'], '2.2.2'), { title: 'Upgrade flask to ==2.3.2', line: 'Flask==2.3.2' });
    assert.deepEqual(applied('pypi', workspace, 'pyproject.toml pyyaml', ['5.4'], '5.3.1'), { title: 'Upgrade pyyaml to ^5.4', line: 'PyYAML = "^5.4"' });
    assert.equal(applied('pypi', workspace, 'requirements.txt pyyaml', ['5.4'], '5.3.1'), undefined, 'hash-checked: the hashes would not match the new version');
    assert.equal(applied('pypi', workspace, 'requirements.txt pyjwt', ['2.4.1'], '2.4.0'), undefined, 'a range with several clauses is not rewritten');
    assert.equal(applied('pypi', workspace, 'pyproject.toml flask', ['2.2.2'], '2.1.0'), undefined, 'the manifest already asks for the fixed version');
  });

  test('PyPI: a Poetry dependency inside an inline table is rewritten on its own key, even when a neighbour asks for the same version', () => {
    const text = '[tool.poetry.group.dev]\ndependencies = { pytest = "^7.0", pytest-cov = "^7.0" }\n';
    const workspace = declarationsIn(new Map([['pyproject.toml', text]]), pypiEcosystem);
    assert.deepEqual(workspace.declared.get('pyproject.toml pytest')?.range, { start: { line: 1, character: 17 }, end: { line: 1, character: 32 } });
    assert.deepEqual(applied('pypi', workspace, 'pyproject.toml pytest', ['7.2'], '7.0'), {
      title: 'Upgrade pytest to ^7.2',
      line: 'dependencies = { pytest = "^7.2", pytest-cov = "^7.0" }',
    });
  });

  test('Go: the required version keeps its v, whether the advisory writes it or not', () => {
    const workspace = declarationsOf('go-service', golangEcosystem);
    assert.deepEqual(applied('golang', workspace, 'go.mod github.com/gin-gonic/gin', ['1.9.1'], 'v1.9.0'), { title: 'Upgrade github.com/gin-gonic/gin to v1.9.1', line: 'github.com/gin-gonic/gin v1.9.1' });
    assert.deepEqual(applied('golang', workspace, 'go.mod github.com/sirupsen/logrus', ['v1.9.3'], 'v1.9.0'), { title: 'Upgrade github.com/sirupsen/logrus to v1.9.3', line: 'require github.com/sirupsen/logrus v1.9.3' });
  });

  test('Maven and Gradle: a literal version is rewritten; a property or a managed version is not guessed at', () => {
    const workspace = declarationsOf('java-maven', mavenEcosystem);
    assert.deepEqual(applied('maven', workspace, 'pom.xml org.slf4j:slf4j-api', ['1.7.37'], '1.7.36'), { title: 'Upgrade org.slf4j:slf4j-api to 1.7.37', line: '<version>1.7.37</version>' });
    assert.deepEqual(applied('maven', workspace, 'gradle/build.gradle.kts com.h2database:h2', ['2.2.220'], '2.1.210'), {
      title: 'Upgrade com.h2database:h2 to 2.2.220',
      line: 'testImplementation("com.h2database:h2:2.2.220")',
    });
    assert.equal(applied('maven', workspace, 'common/pom.xml org.apache.logging.log4j:log4j-core', ['2.17.1'], '2.14.1'), undefined, 'managed by the parent through a property');
  });

  test('the lowest fixed version above the installed one follows each ecosystem’s order', () => {
    assert.equal(lowestFixedVersionIn('pypi', ['2.0', '1.10', '1.9.post1', 'garbage'], '1.9'), '1.9.post1');
    assert.equal(lowestFixedVersionIn('maven', ['2.17.1', '2.15.0', '2.3.2'], '2.14.1'), '2.15.0');
    assert.equal(lowestFixedVersionIn('golang', ['0.0.0-20220314234659-1baeb1ce4c0b', '0.1.0'], undefined), 'v0.0.0-20220314234659-1baeb1ce4c0b');
    assert.deepEqual(['==2.2.2', '^5.3', 'v1.9.0', '>=1.0', '~=2.2', '1.7.36'].map(specFloor), ['2.2.2', '5.3', 'v1.9.0', '1.0', '2.2', '1.7.36']);
    assert.deepEqual(['>=2.4.0,<3', '${log4j2.version}', '*', '1.x', '', 'git+https://x'].map(specFloor), [undefined, undefined, undefined, undefined, undefined, undefined]);
  });
});
