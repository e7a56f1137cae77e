import { strict as assert } from 'node:assert';
import type { ImportFact } from '../model/importFact';
import { lineRange } from '../model/location';
import type { RootedGraph } from '../model/workspaceIndex';
import { importTargetResolver } from './importTargets';

function site(path: string, specifier: string, packageName = specifier.split('.')[0]!): ImportFact {
  return { specifier, packageName, kind: 'import', isTypeOnly: false, path, range: lineRange(0, 0, 10) };
}

function graph(ecosystem: string, names: string[]): RootedGraph {
  return {
    rootDir: '',
    rootManifestPath: 'manifest',
    overrides: {},
    graph: { ecosystem, declared: [], hasLockfile: false, packages: names.map((name) => ({ ecosystem, name, isDirect: true, isDevOnly: false, introducedBy: [], chain: [name] })) },
  };
}

// Issue #8 item 4: an import the index cannot tie to a package is said so (`?`), so no package is called unused for it.
suite('core/correlate/importTargets: imports tied to no package', () => {
  test('Python: a guessed distribution no graph has is unresolved; a table answer or a first-party module is not', () => {
    const resolve = importTargetResolver([graph('pypi', ['acme-ledger-client', 'requests'])], new Set(['app/auth.py', 'app/util.py']));
    const table: [ImportFact, string | undefined][] = [
      [site('app/auth.py', 'requests'), 'pypi:requests'],
      [site('app/auth.py', 'ledger.api'), 'pypi:?'],
      [site('app/auth.py', 'yaml'), 'pypi:pyyaml'],
      [site('app/auth.py', 'util'), undefined],
    ];
    for (const [fact, target] of table) {
      assert.equal(resolve(fact), target, fact.specifier);
    }
    assert.equal(importTargetResolver([graph('pypi', ['acme-ledger-client'])], new Set(), new Map([['ledger', 'acme-ledger-client']]))(site('a.py', 'ledger.api')), 'pypi:acme-ledger-client', 'the virtualenv tells');
  });

  test('Java: a package no table or jar maps and no source folder declares is unresolved', () => {
    const files = new Set(['src/main/java/com/acme/auth/TokenService.java', 'src/main/java/com/acme/auth/model/User.java']);
    const resolve = importTargetResolver([graph('maven', ['org.bitbucket.b_c:jose4j', 'org.acme-labs:kit-core'])], files);
    const java = (javaPackage: string): ImportFact => site('src/main/java/com/acme/auth/TokenService.java', javaPackage, javaPackage);
    const table: [string, string | undefined][] = [
      ['org.jose4j.jwt', 'maven:org.bitbucket.b_c:jose4j'],
      ['com.example.kit', 'maven:?'],
      ['com.acme.auth.model', undefined],
      // Known to be jackson-databind, which is not declared: no mystery.
      ['com.fasterxml.jackson.databind', undefined],
    ];
    for (const [javaPackage, target] of table) {
      assert.equal(resolve(java(javaPackage)), target, javaPackage);
    }
    const withJars = importTargetResolver([graph('maven', ['org.acme-labs:kit-core'])], files, undefined, new Map([['com.example.kit', ['org.acme-labs:kit-core']]]));
    assert.equal(withJars(java('com.example.kit')), 'maven:org.acme-labs:kit-core');
  });

  test('Go: a module replaced by another is imported by its own paths and resolves to the module built in its place', () => {
    const replaced: RootedGraph = graph('golang', ['github.com/golang-jwt/jwt', 'github.com/gorilla/mux']);
    const [jwt] = replaced.graph.packages;
    replaced.graph.packages[0] = { ...jwt!, replacedModule: 'github.com/dgrijalva/jwt-go' };
    const resolve = importTargetResolver([replaced], new Set(['main.go']));
    const table: [string, string | undefined][] = [
      ['github.com/dgrijalva/jwt-go', 'golang:github.com/golang-jwt/jwt'],
      ['github.com/dgrijalva/jwt-go/request', 'golang:github.com/golang-jwt/jwt'],
      ['github.com/gorilla/mux', 'golang:github.com/gorilla/mux'],
      // No required module provides the replacement's own path: this build cannot import it by that path.
      ['github.com/golang-jwt/jwt', undefined],
      ['github.com/dgrijalva/jwt-go-extras', undefined],
    ];
    for (const [importPath, target] of table) {
      assert.equal(resolve(site('main.go', importPath, importPath)), target, importPath);
    }
  });
});
