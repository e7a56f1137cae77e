import { strict as assert } from 'node:assert';
import { readFixture, workspaceManifests } from '../../../test/fixtures';
import { parseGradleBuild, scopeOfGradleConfiguration } from './gradleBuild';
import { parseGradleLockfile } from './gradleLockfile';
import { snapshotGraphs, type GraphSnapshot } from './graphSnapshot';
import { mavenEcosystem } from './mavenEcosystem';
import { parsePom } from './pomXml';

type Expected = { graphs: GraphSnapshot[]; problems: { at: string; matches: string }[] };

function build(files: Record<string, string>): { graphs: GraphSnapshot[]; problems: string[] } {
  const { graphs, problems } = mavenEcosystem.buildGraphs(new Map(Object.entries(files)));
  return { graphs: snapshotGraphs(graphs), problems: problems.map((problem) => `${problem.path}:${(problem.range?.start.line ?? -1) + 1} ${problem.message}`) };
}

/** A minimal pom; `body` goes inside `<project>`. */
function pom(coordinates: string, body = ''): string {
  const [groupId, artifactId, version] = coordinates.split(':');
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<project xmlns="http://maven.apache.org/POM/4.0.0">',
    '  <modelVersion>4.0.0</modelVersion>',
    groupId ? `  <groupId>${groupId}</groupId>` : '',
    `  <artifactId>${artifactId}</artifactId>`,
    version ? `  <version>${version}</version>` : '',
    body,
    '</project>',
  ].join('\n');
}

function dependency(coordinates: string, extra = ''): string {
  const [groupId, artifactId, version] = coordinates.split(':');
  return `<dependency><groupId>${groupId}</groupId><artifactId>${artifactId}</artifactId>${version ? `<version>${version}</version>` : ''}${extra}</dependency>`;
}

const parentRef = (coordinates: string, relativePath?: string): string => {
  const [groupId, artifactId, version] = coordinates.split(':');
  return `<parent><groupId>${groupId}</groupId><artifactId>${artifactId}</artifactId><version>${version}</version>${relativePath === undefined ? '' : `<relativePath>${relativePath}</relativePath>`}</parent>`;
};

suite('core/index/manifests/mavenEcosystem', () => {
  test('java-maven: Maven and Gradle graphs match the expectations file', () => {
    const expected = JSON.parse(readFixture('workspaces', 'java-maven', 'java-maven.expected.json')) as Expected;
    const files = workspaceManifests('java-maven', mavenEcosystem);
    assert.deepEqual([...files.keys()], ['api/pom.xml', 'common/pom.xml', 'gradle/build.gradle.kts', 'gradle/gradle.lockfile', 'pom.xml']);
    const { graphs, problems } = mavenEcosystem.buildGraphs(files);
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
    assert.equal(problems.length, expected.problems.length, JSON.stringify(problems));
    expected.problems.forEach((want, index) => {
      const problem = problems[index]!;
      assert.equal(`${problem.path}:${(problem.range?.start.line ?? -1) + 1}`, want.at);
      assert.ok(problem.message.includes(want.matches), problem.message);
    });
  });

  test('isManifestFile claims poms and Gradle build files and lockfiles only', () => {
    ['pom.xml', 'a/pom.xml', 'build.gradle', 'x/build.gradle.kts', 'gradle.lockfile'].forEach((path) => assert.equal(mavenEcosystem.isManifestFile(path), true, path));
    ['settings.gradle', 'pom.xml.bak', 'gradle/libs.versions.toml', 'package.json'].forEach((path) => assert.equal(mavenEcosystem.isManifestFile(path), false, path));
  });

  test('a dependency element carries the range of the whole element', () => {
    const text = pom('g:a:1', '  <dependencies>\n    <dependency>\n      <groupId>x</groupId>\n      <artifactId>y</artifactId>\n    </dependency>\n  </dependencies>');
    const [only] = parsePom(text, 'pom.xml').value!.dependencies;
    assert.deepEqual(only?.range, { start: { line: 7, character: 4 }, end: { line: 10, character: 17 } });
  });
});

suite('core/index/manifests/mavenEcosystem: effective model', () => {
  const cases: { name: string; files: Record<string, string>; packages: Record<string, string | null>; declared?: string[]; problems?: RegExp[] }[] = [
    {
      name: 'nested properties and project.* built-ins',
      files: {
        'pom.xml': pom('g:app:2.0', `<properties><base>1.2</base><lib.version>\${base}.3</lib.version></properties><dependencies>${dependency('x:lib:${lib.version}')}${dependency('g:other-module-api:${project.version}')}</dependencies>`),
      },
      packages: { 'g:other-module-api': '2.0', 'x:lib': '1.2.3' },
    },
    {
      name: 'unknown and circular properties are reported and leave the version unknown',
      files: {
        'pom.xml': pom('g:app:1', `<properties><a>\${b}</a><b>\${a}</b></properties><dependencies>${dependency('x:one:${missing}')}${dependency('x:two:${a}')}</dependencies>`),
      },
      packages: { 'x:one': null, 'x:two': null },
      declared: ['x:one ${missing} prod', 'x:two ${a} prod'],
      problems: [/Unknown property \$\{missing\}/, /Circular property reference: \$\{a\} → \$\{b\} → \$\{a\}/],
    },
    {
      name: 'names of Object.prototype members are not properties',
      files: { 'pom.xml': pom('g:app:1', `<properties><toStrings>x</toStrings></properties><dependencies>${dependency('x:a:${constructor}')}${dependency('x:b:${toString}')}</dependencies>`) },
      packages: { 'x:a': null, 'x:b': null },
      problems: [/Unknown property \$\{constructor\}/, /Unknown property \$\{toString\}/],
    },
    {
      name: 'parent by default relativePath: inherited properties, managed versions and scopes; the child overrides a property',
      files: {
        'pom.xml': pom('g:parent:1', `<properties><v>1.0</v></properties><dependencyManagement><dependencies>${dependency('x:managed:${v}', '<scope>test</scope>')}${dependency('x:plain:9')}</dependencies></dependencyManagement>`),
        'child/pom.xml': pom(`:child:`, `${parentRef('g:parent:1')}<properties><v>2.0</v></properties><dependencies>${dependency('x:managed')}${dependency('x:plain', '<scope>runtime</scope>')}</dependencies>`),
      },
      packages: { 'x:managed': '2.0', 'x:plain': '9' },
      declared: ['x:managed 2.0 dev', 'x:plain 9 prod'],
    },
    {
      name: 'parent by explicit relativePath to a folder; a mismatching pom at the default path is not the parent',
      files: {
        'pom.xml': pom('other:thing:1', `<properties><v>wrong</v></properties>`),
        'build/parent/pom.xml': pom('g:parent:1', `<properties><v>3.1</v></properties>`),
        'app/pom.xml': pom(':app:', `${parentRef('g:parent:1', '../build/parent')}<dependencies>${dependency('x:lib:${v}')}</dependencies>`),
      },
      packages: { 'x:lib': '3.1' },
    },
    {
      name: 'a parent not at its relativePath is found by its coordinates',
      files: {
        'pom.xml': pom('other:thing:1', `<properties><v>wrong</v></properties>`),
        'platform/pom.xml': pom('g:parent:1', `<properties><v>3.2</v></properties>`),
        'app/pom.xml': pom(':app:', `${parentRef('g:parent:1')}<dependencies>${dependency('x:lib:${v}')}</dependencies>`),
      },
      packages: { 'x:lib': '3.2' },
    },
    {
      name: 'a parent outside the repository is reported; versions it may manage are unknown without more problems',
      files: { 'pom.xml': pom(':app:1', `${parentRef('org.springframework.boot:spring-boot-starter-parent:2.7.5')}<dependencies>${dependency('org.springframework.boot:spring-boot-starter-web')}</dependencies>`) },
      packages: { 'org.springframework.boot:spring-boot-starter-web': null },
      problems: [/Parent org\.springframework\.boot:spring-boot-starter-parent:2\.7\.5 is not in the repository/],
    },
    {
      name: 'a BOM in the repository manages versions; explicit entries win over it',
      files: {
        'bom/pom.xml': pom('g:bom:1', `<dependencyManagement><dependencies>${dependency('x:a:1.0')}${dependency('x:b:1.0')}</dependencies></dependencyManagement>`),
        'app/pom.xml': pom('g:app:1', `<dependencyManagement><dependencies>${dependency('g:bom:1', '<type>pom</type><scope>import</scope>')}${dependency('x:b:2.0')}</dependencies></dependencyManagement><dependencies>${dependency('x:a')}${dependency('x:b')}</dependencies>`),
      },
      packages: { 'x:a': '1.0', 'x:b': '2.0' },
    },
    {
      name: 'a dependency with no version anywhere is reported',
      files: { 'pom.xml': pom('g:app:1', `<dependencies>${dependency('x:a')}</dependencies>`) },
      packages: { 'x:a': null },
      problems: [/No version for x:a/],
    },
    {
      name: 'scopes: system prod, provided dev, optional, import ignored; ranges give no version',
      files: {
        'pom.xml': pom(
          'g:app:1',
          `<dependencies>${dependency('x:sys:1', '<scope>system</scope>')}${dependency('x:prov:1', '<scope>provided</scope>')}${dependency('x:opt:1', '<optional>true</optional>')}${dependency('x:imp:1', '<scope>import</scope>')}${dependency('x:range:[1.0,2.0)')}</dependencies>`,
        ),
      },
      packages: { 'x:opt': '1', 'x:prov': '1', 'x:range': null, 'x:sys': '1' },
      declared: ['x:sys 1 prod', 'x:prov 1 dev', 'x:opt 1 optional', 'x:range [1.0,2.0) prod'],
    },
    {
      name: 'modules: each module is a manifest of the root graph; dependencies on repository modules are first-party',
      files: {
        'pom.xml': pom('g:root:1', '<modules><module>a</module><module>b/pom.xml</module><module>missing</module></modules>'),
        'a/pom.xml': pom(':a:', `${parentRef('g:root:1')}<dependencies>${dependency('g:b:${project.version}')}${dependency('x:lib:1')}</dependencies>`),
        'b/pom.xml': pom(':b:', parentRef('g:root:1')),
      },
      packages: { 'x:lib': '1' },
      declared: ['g:b 1 prod', 'x:lib 1 prod'],
      problems: [/Module missing has no pom\.xml/],
    },
  ];
  for (const { name, files, packages, declared, problems = [] } of cases) {
    test(name, () => {
      const result = build(files);
      const graph = result.graphs.find((candidate) => candidate.declared.length > 0);
      assert.deepEqual(Object.fromEntries(Object.entries(graph?.packages ?? {}).map(([key, pkg]) => [key, pkg.version])), packages);
      if (declared) {
        // Snapshot lines are `path:line name scope spec`; the table writes `name spec scope`.
        assert.deepEqual(graph?.declared.map((line) => line.split(' ')).map(([, name, scope, ...spec]) => `${name} ${spec.join(' ')} ${scope}`), declared);
      }
      assert.equal(result.problems.length, problems.length, result.problems.join('\n'));
      problems.forEach((pattern, index) => assert.match(result.problems[index] ?? '', pattern));
    });
  }

  test('where a version is set when the dependency does not write it: a property, a parent\'s or a BOM\'s dependencyManagement, outside the repository', () => {
    const parent = pom('g:parent:1', [
      '<packaging>pom</packaging><modules><module>app</module></modules>',
      '<properties>',
      '  <jackson.version>2.9.8</jackson.version>',
      '</properties>',
      '<dependencyManagement><dependencies>',
      dependency('org.yaml:snakeyaml:1.29'),
      '<dependency><groupId>g</groupId><artifactId>bom</artifactId><version>1</version><type>pom</type><scope>import</scope></dependency>',
      '</dependencies></dependencyManagement>',
    ].join('\n'));
    const bom = pom('g:bom:1', `<dependencyManagement><dependencies>\n${dependency('io.netty:netty-codec:${netty.version}')}\n</dependencies></dependencyManagement><properties><netty.version>4.1.0</netty.version></properties>`);
    const app = pom('g:app:1', [
      '<parent><groupId>g</groupId><artifactId>parent</artifactId><version>1</version></parent>',
      '<dependencies>',
      dependency('com.fasterxml.jackson.core:jackson-databind:${jackson.version}'),
      dependency('com.fasterxml.jackson.core:jackson-core:${jackson.version}'),
      '<dependency><groupId>org.yaml</groupId><artifactId>snakeyaml</artifactId></dependency>',
      '<dependency><groupId>io.netty</groupId><artifactId>netty-codec</artifactId></dependency>',
      dependency('x:literal:1.0'),
      '</dependencies>',
    ].join('\n'));
    const { graphs } = mavenEcosystem.buildGraphs(new Map(Object.entries({ 'pom.xml': parent, 'app/pom.xml': app, 'bom/pom.xml': bom })));
    const sources = Object.fromEntries(graphs.flatMap((rooted) => rooted.graph.declared).filter((declared) => declared.manifestPath === 'app/pom.xml').map((declared) => [declared.name, declared.versionSource && { ...declared.versionSource, location: declared.versionSource.location && `${declared.versionSource.location.path}:${declared.versionSource.location.range.start.line + 1}` }]));
    assert.deepEqual(sources, {
      'com.fasterxml.jackson.core:jackson-databind': { description: 'the property ${jackson.version}, defined at pom.xml line 9', why: '2 dependencies use ${jackson.version}: raising it moves them all, so it is not done for you', location: 'pom.xml:9' },
      'com.fasterxml.jackson.core:jackson-core': { description: 'the property ${jackson.version}, defined at pom.xml line 9', why: '2 dependencies use ${jackson.version}: raising it moves them all, so it is not done for you', location: 'pom.xml:9' },
      'org.yaml:snakeyaml': { description: 'the <dependencyManagement> of the parent pom pom.xml, line 12', why: 'the managed version applies to every module inheriting it: change it there', location: 'pom.xml:12' },
      'io.netty:netty-codec': { description: 'the property ${netty.version}, through the BOM g:bom:1 (bom/pom.xml), defined at bom/pom.xml line 9', why: 'the BOM sets the versions of the artifacts released with it: import a fixed BOM version, or write a <version> here to override it', location: 'bom/pom.xml:9' },
      'x:literal': undefined,
    });
    const outside = mavenEcosystem.buildGraphs(new Map([['pom.xml', pom('g:b:1', '<parent><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-parent</artifactId><version>2.1.0</version></parent><dependencies><dependency><groupId>org.yaml</groupId><artifactId>snakeyaml</artifactId></dependency></dependencies>')]]));
    assert.match(outside.graphs[0]!.graph.declared[0]!.versionSource?.description ?? '', /outside the repository/);
  });

  test('a pom outside any aggregator gets its own graph', () => {
    const { graphs } = build({ 'a/pom.xml': pom('g:a:1', `<dependencies>${dependency('x:y:1')}</dependencies>`), 'b/pom.xml': pom('g:b:1') });
    assert.deepEqual(graphs.map((graph) => `${graph.rootDir} ${graph.rootManifestPath} ${graph.hasLockfile}`), ['a a/pom.xml false', 'b b/pom.xml false']);
  });

  const badXml: { name: string; text: string; problem: RegExp; dependencies: number }[] = [
    { name: 'mismatched tags', text: '<project><dependencies><dependency><groupId>a</groupId><artifactId>b</artifactId><version>1</version></dependency></dependencies></projekt>', problem: /^Invalid XML/, dependencies: 1 },
    { name: 'truncated', text: '<project><dependencies><dependency>', problem: /^Invalid XML/, dependencies: 0 },
    { name: 'not XML', text: 'plugins { java }', problem: /^Invalid XML/, dependencies: 0 },
    { name: 'an unterminated tag', text: '<project', problem: /^Invalid XML/, dependencies: 0 },
    { name: 'a reserved element name', text: '<project><properties><__proto__>x</__proto__></properties></project>', problem: /^Invalid XML/, dependencies: 0 },
    { name: 'not a POM', text: '<settings><servers/></settings>', problem: /^Not a Maven POM/, dependencies: 0 },
    { name: 'empty', text: '', problem: /^Invalid XML/, dependencies: 0 },
  ];
  for (const { name, text, problem, dependencies } of badXml) {
    test(`bad pom.xml: ${name}`, () => {
      const parsed = parsePom(text, 'pom.xml');
      assert.match(parsed.problems[0]?.message ?? '', problem);
      assert.equal(parsed.value?.dependencies.length ?? 0, dependencies);
    });
  }
});

// Issue 13 §5: `${…}` expansion was exponential (a 760-byte pom took 13 s, a 1.6 KB one never finished).
suite('core/index/manifests/mavenEcosystem: hostile property references', () => {
  /** `<p0>${p1}${p1}…</p0>` … `<pN>leaf</pN>`: each level multiplies the expanded length by `fan`. */
  const doubling = (levels: number, fan: number, leaf: string): string =>
    Array.from({ length: levels }, (_, level) => `<p${level}>${`\${p${level + 1}}`.repeat(fan)}</p${level}>`).join('') + `<p${levels}>${leaf}</p${levels}>`;

  test('the 760-byte pom of the report: the exploding version is unresolved, said once, the other versions resolve', () => {
    const text = pom('g:app:1', `<properties><good>2.5</good>${doubling(22, 2, 'x')}</properties><dependencies>${dependency('x:bomb:${p0}')}${dependency('x:again:${p3}')}${dependency('x:fine:${good}')}</dependencies>`);
    const result = build({ 'pom.xml': text });
    const graph = result.graphs[0]!;
    assert.deepEqual(Object.fromEntries(Object.entries(graph.packages).map(([name, pkg]) => [name, pkg.version])), { 'x:again': null, 'x:bomb': null, 'x:fine': '2.5' });
    assert.deepEqual(graph.declared.map((line) => line.split(' ').slice(1).join(' ')), ['x:bomb prod ${p0}', 'x:again prod ${p3}', 'x:fine prod 2.5'], 'the spec stays as written');
    assert.deepEqual(result.problems, ['pom.xml:7 Property ${p12} expands to more than 1000 characters']);
  });

  test('the 1.6 KB pom: three-way fan-out over 40 levels, a long chain and a cycle used twice, each said once', () => {
    const chain = Array.from({ length: 40 }, (_, level) => `<c${level}>\${c${level + 1}}</c${level}>`).join('') + '<c40>1.0</c40>';
    const text = pom(
      'g:app:1',
      `<properties>${doubling(40, 3, 'y')}${chain}<short>\${c30}</short><a>\${b}</a><b>\${a}</b></properties><dependencies>${dependency('x:fan:${p0}')}${dependency('x:chain:${c0}')}${dependency('x:near:${short}')}${dependency('x:cycle:${a}')}${dependency('x:cycle2:${b}')}</dependencies>`,
    );
    const result = build({ 'pom.xml': text });
    assert.deepEqual(Object.fromEntries(Object.entries(result.graphs[0]!.packages).map(([name, pkg]) => [name, pkg.version])), {
      'x:chain': null,
      'x:cycle': null,
      'x:cycle2': null,
      'x:fan': null,
      'x:near': '1.0',
    });
    assert.deepEqual(
      result.problems.map((problem) => problem.replace(/^pom\.xml:\d+ /, '')),
      ['Property ${p33} expands to more than 1000 characters', 'Property ${c8} nests references more than 32 levels deep', 'Circular property reference: ${a} → ${b} → ${a}'],
    );
  });

  test('an unknown property used by several dependencies is one problem, at its first use', () => {
    const result = build({ 'pom.xml': pom('g:app:1', `<dependencies>${dependency('x:a:${missing}')}${dependency('x:b:${missing}')}${dependency('x:c:${missing}.1')}</dependencies>`) });
    assert.deepEqual(result.problems, ['pom.xml:7 Unknown property ${missing}']);
  });

  test('5,000 chained properties and a 5,000-long cycle neither overflow the stack nor print the whole cycle', () => {
    const chain = Array.from({ length: 5_000 }, (_, level) => `<c${level}>\${c${level + 1}}</c${level}>`).join('');
    const cycle = Array.from({ length: 5_000 }, (_, level) => `<r${level}>\${r${(level + 1) % 5_000}}</r${level}>`).join('');
    const result = build({ 'pom.xml': pom('g:app:1', `<properties>${chain}<c5000>1</c5000>${cycle}</properties><dependencies>${dependency('x:chain:${c0}')}${dependency('x:cycle:${r5}')}${dependency('x:self:${self}', '')}</dependencies>`) });
    assert.equal(result.problems.length, 3, result.problems.join('\n'));
    assert.match(result.problems[0]!, /Property \$\{c4968\} nests references more than 32 levels deep/);
    assert.equal(result.problems[1], 'pom.xml:7 Circular property reference: ${r0} → ${r1} → ${r2} → ${r3} → ${r4} → ${r5} → ${r6} → ${r7} → … → ${r0}');
    assert.match(result.problems[2]!, /Unknown property \$\{self\}/);
  });

  test('a property referring to itself is a cycle', () => {
    const result = build({ 'pom.xml': pom('g:app:1', `<properties><v>\${v}.1</v></properties><dependencies>${dependency('x:a:${v}')}</dependencies>`) });
    assert.deepEqual(result.problems, ['pom.xml:7 Circular property reference: ${v} → ${v}']);
  });
});

suite('core/index/manifests/mavenEcosystem: Gradle', () => {
  const configurations: [string, 'prod' | 'dev' | undefined][] = [
    ['implementation', 'prod'],
    ['api', 'prod'],
    ['runtimeOnly', 'prod'],
    ['compile', 'prod'],
    ['releaseImplementation', 'prod'],
    ['compileOnly', 'dev'],
    ['compileOnlyApi', 'dev'],
    ['annotationProcessor', 'dev'],
    ['kapt', 'dev'],
    ['testImplementation', 'dev'],
    ['integrationTestRuntimeOnly', 'dev'],
    ['testFixturesApi', 'dev'],
    ['debugImplementation', 'dev'],
    ['developmentOnly', 'dev'],
    ['classpath', 'dev'],
    ['id', undefined],
    ['version', undefined],
    ['useJUnitPlatform', undefined],
  ];
  for (const [configuration, scope] of configurations) {
    test(`configuration ${configuration} → ${scope ?? 'none'}`, () => assert.equal(scopeOfGradleConfiguration(configuration), scope));
  }

  test('build.gradle (Groovy): notations, comments, blocks that do not declare', () => {
    const text = [
      'buildscript {', // 1
      '  dependencies { classpath "com.android.tools.build:gradle:8.1.0" }',
      '}',
      'plugins { id "java" }',
      'ext { jacksonVersion = "2.15.2" }',
      'dependencies {', // 6
      "    implementation 'org.apache.commons:commons-text:1.9' // Text4Shell fixed in 1.10",
      '    implementation "com.fasterxml.jackson.core:jackson-databind:$jacksonVersion"',
      "    implementation group: 'com.google.guava', name: 'guava', version: '31.1-jre'",
      "    api('io.netty:netty-all:4.1.+')",
      "    // implementation 'commented:out:1.0'",
      '    /* runtimeOnly "block:comment:1.0" */',
      "    implementation platform('org.springframework.boot:spring-boot-dependencies:3.1.0')",
      "    implementation project(':core')",
      '    implementation libs.spring.web',
      "    testImplementation('org.springframework.boot:spring-boot-starter-test') {",
      "        exclude group: 'org.junit.vintage', module: 'junit-vintage-engine'",
      '    }',
      "    runtimeOnly 'org.postgresql:postgresql:42.6.0@jar'",
      '    constraints {',
      "        implementation 'org.yaml:snakeyaml:2.0'",
      '    }',
      '}',
    ].join('\n');
    const parsed = parseGradleBuild(text, 'build.gradle');
    assert.deepEqual(parsed.problems, []);
    assert.deepEqual(
      parsed.value?.map(({ declared, version }) => `${declared.range.start.line + 1} ${declared.name} ${declared.scope} ${declared.spec} ${version ?? '-'}`),
      [
        '7 org.apache.commons:commons-text prod 1.9 1.9',
        '8 com.fasterxml.jackson.core:jackson-databind prod $jacksonVersion -',
        '9 com.google.guava:guava prod 31.1-jre 31.1-jre',
        '10 io.netty:netty-all prod 4.1.+ -',
        '16 org.springframework.boot:spring-boot-starter-test dev  -',
        '19 org.postgresql:postgresql prod 42.6.0 42.6.0',
      ],
    );
    assert.deepEqual(parsed.value?.[0]?.declared.range, { start: { line: 6, character: 4 }, end: { line: 6, character: 56 } }, 'the trailing comment is not part of it');
  });

  test('gradle.lockfile: scopes from configurations; malformed lines are problems', () => {
    const text = [
      '# This is a Gradle generated file for dependency locking.',
      'a:prod:1=compileClasspath,runtimeClasspath,testRuntimeClasspath',
      'a:compile-only:1=annotationProcessor,compileClasspath',
      'a:test:1=testCompileClasspath,testRuntimeClasspath',
      'a:release:1=releaseRuntimeClasspath',
      'a:debug:1=debugRuntimeClasspath',
      'not a lock line',
      'empty=testAnnotationProcessor',
    ].join('\n');
    const parsed = parseGradleLockfile(text, 'gradle.lockfile');
    assert.deepEqual(parsed.value?.map((entry) => `${entry.name}@${entry.version} ${entry.scope} ${entry.isShipped} ${entry.range.start.line + 1}`), [
      'a:prod@1 prod true 2',
      'a:compile-only@1 prod false 3',
      'a:test@1 dev false 4',
      'a:release@1 prod true 5',
      'a:debug@1 dev false 6',
    ]);
    assert.equal(parsed.problems.length, 1);
    assert.equal(parsed.problems[0]?.range?.start.line, 6);
  });

  test('without a lockfile, declared versions; with one, lock versions and lockfile introducers', () => {
    const buildFile = 'dependencies {\n  implementation("x:a:1.0")\n  testImplementation("x:b:2.0")\n  compileOnly("x:c:3.0")\n  implementation("x:unlocked:4.0")\n}\n';
    const unlocked = build({ 'app/build.gradle.kts': buildFile });
    assert.deepEqual(Object.fromEntries(Object.entries(unlocked.graphs[0]!.packages).map(([name, pkg]) => [name, `${pkg.version} ${pkg.isDevOnly}`])), {
      'x:a': '1.0 false',
      'x:b': '2.0 true',
      'x:c': '3.0 true',
      'x:unlocked': '4.0 false',
    });
    const locked = build({
      'app/build.gradle.kts': buildFile,
      'app/gradle.lockfile': 'x:a:1.1=compileClasspath,runtimeClasspath\nx:b:2.0=runtimeClasspath,testRuntimeClasspath\nx:c:3.0=compileClasspath\nx:t:5.0=runtimeClasspath\n',
    });
    const packages = locked.graphs[0]!.packages;
    assert.equal(locked.graphs[0]!.rootManifestPath, 'app/build.gradle.kts');
    assert.equal(packages['x:a']?.version, '1.1', 'the lockfile wins');
    assert.deepEqual(packages['x:b']?.introducedBy, ['app/build.gradle.kts#x:b', 'app/gradle.lockfile#x:b'], 'test-declared but shipped at runtime');
    assert.equal(packages['x:b']?.isDevOnly, false);
    assert.equal(packages['x:c']?.isDevOnly, true, 'compileOnly on the compile classpath only does not ship');
    assert.deepEqual(packages['x:t'], { version: '5.0', isDirect: false, isDevOnly: false, introducedBy: ['app/gradle.lockfile#x:t'], declaredAt: 'app/gradle.lockfile:4', chain: ['x:t'], parentsKnown: false });
    assert.equal(packages['x:unlocked']?.version, '4.0');
  });
});
