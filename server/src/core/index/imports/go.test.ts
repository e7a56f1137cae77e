import { strict as assert } from 'node:assert';
import { goIndexer } from '../../../host/indexers/goIndexer';
import { assertFixtureFacts, describeCall } from '../../../test/annotations';
import { readFixture } from '../../../test/fixtures';
import { sharedTreeSitterHost } from '../../../test/languageHost';
import { assumedGoPackageName, isGoStdlibPath, moduleForImportPath } from './go';

async function factsOf(path: string, text: string) {
  const facts = await goIndexer(await sharedTreeSitterHost()).index(path, text);
  return { imports: facts.imports ?? [], calls: facts.calls ?? [], fields: facts.fields ?? [] };
}

suite('core/index/imports/go', () => {
  test('extracts the annotated imports, bindings and calls of sample.go', async () => {
    const text = readFixture('imports', 'sample.go');
    const { imports, calls } = await factsOf('cmd/sample.go', text);
    assertFixtureFacts(text, imports, calls);
  });

  test('calls on values of imported types: declared, created, asserted, returned, fields (issue 8)', async () => {
    const text = readFixture('imports', 'values.go');
    const { imports, calls, fields } = await factsOf('api/values.go', text);
    assertFixtureFacts(text, imports, calls);
    assert.deepEqual(
      fields.map((field) => `${field.owner ?? '(package)'}.${field.name}: ${field.specifier ?? ''}${field.specifier ? '.' : ''}${field.type}${field.isResult ? '()' : ''} @${field.range.start.line + 1}`),
      [
        'Server.app: github.com/gofiber/fiber/v2.App @20',
        'Server.config: Config @21',
        'Server.name: string @22',
        'Config.Public: github.com/gofiber/fiber/v2.Router @26',
        'Wrapper.App: github.com/gofiber/fiber/v2.App @31',
        '(package).shared: github.com/gofiber/fiber/v2.New() @35',
      ],
    );
  });

  test('a method chain keeps the calls that made the value, for known return types to be followed (issue 8)', async () => {
    const text = 'package main\nimport "github.com/gofiber/fiber/v2"\nfunc main() {\n\tapp := fiber.New()\n\tapi := app.Group("/api")\n\tapi.Get("/x", nil)\n\tapp.Get("/", nil)\n}\nfunc routes(a *fiber.App) {\n\tg := a.Group("/g")\n\tg.Post("/y", nil)\n}\n';
    const { calls } = await factsOf('main.go', text);
    const chains = calls.filter((call) => call.receiver?.how === 'result').map((call) => `${call.written}: ${call.receiver?.how === 'result' ? (call.receiver.chain ?? []).join(' → ') : ''}`);
    assert.deepEqual(chains, ['app.Group: New', 'api.Get: New → Group', 'app.Get: New', 'g.Post: App.Group']);
  });

  test('the go-service workspace: imports and the calls through them', async () => {
    const { imports, calls } = await factsOf('main.go', readFixture('workspaces', 'go-service', 'main.go'));
    const specifiers = imports.map((fact) => fact.specifier);
    for (const expected of ['github.com/gin-gonic/gin', 'github.com/golang-jwt/jwt/v4', 'gopkg.in/yaml.v3']) {
      assert.ok(specifiers.includes(expected), expected);
    }
    assert.ok(!specifiers.includes('net/http'), 'standard library left out');
    const described = calls.map(describeCall);
    for (const expected of ['yaml.Unmarshal', 'jwt.Parse', 'gin.Default', 'gin.Default().GET', 'gin.Context.GetHeader', 'gin.Context.JSON', 'gin.Default().Run']) {
      assert.ok(described.includes(expected), `${expected} in ${described.join(', ')}`);
    }
    assert.ok(!described.some((call) => call.startsWith('os.') || call.startsWith('http.')), 'no standard-library call');
  });

  test('the range is the import path inside the quotes', async () => {
    const { imports } = await factsOf('a.go', 'package a\nimport "github.com/x/y"\n');
    assert.deepEqual(imports[0]?.range, { start: { line: 1, character: 8 }, end: { line: 1, character: 22 } });
  });

  test('assumed package name of an import path', () => {
    const table: [string, string][] = [
      ['gopkg.in/yaml.v3', 'yaml'],
      ['github.com/x/y/v2', 'y'],
      ['github.com/go-playground/validator/v10', 'validator'],
      ['github.com/mattn/go-sqlite3', 'sqlite3'],
      ['github.com/nats-io/nats.go', 'nats'],
      ['github.com/aws/aws-sdk-go/aws', 'aws'],
      ['github.com/sirupsen/logrus', 'logrus'],
      ['k8s.io/api/core/v1', 'core'],
      ['example.com/café', 'café'],
    ];
    for (const [importPath, name] of table) {
      assert.equal(assumedGoPackageName(importPath), name, importPath);
    }
  });

  test('standard-library import paths', () => {
    assert.deepEqual(['fmt', 'net/http', 'C', 'golang.org/x/net', 'gopkg.in/yaml.v3', 'example.com'].map(isGoStdlibPath), [true, true, true, false, false, false]);
  });

  test('module of an import path: longest prefix on path segments', () => {
    const modules = ['github.com/golang-jwt/jwt/v4', 'github.com/golang-jwt/jwt', 'gopkg.in/yaml.v3', 'github.com/x/y', 'github.com/x/y/sub', 'golang.org/x/crypto', 'k8s.io/api'];
    const table: [string, string | undefined][] = [
      ['github.com/golang-jwt/jwt/v4', 'github.com/golang-jwt/jwt/v4'],
      ['github.com/golang-jwt/jwt/v4/request', 'github.com/golang-jwt/jwt/v4'],
      ['github.com/golang-jwt/jwt/request', 'github.com/golang-jwt/jwt'],
      ['github.com/golang-jwt/jwt/v5', undefined],
      ['gopkg.in/yaml.v3', 'gopkg.in/yaml.v3'],
      ['gopkg.in/yaml.v2', undefined],
      ['github.com/x/yz', undefined],
      ['github.com/x/y/sub/pkg', 'github.com/x/y/sub'],
      ['github.com/x/y/subway', 'github.com/x/y'],
      ['golang.org/x/crypto/bcrypt', 'golang.org/x/crypto'],
      ['k8s.io/api/core/v1', 'k8s.io/api'],
      ['github.com/x', undefined],
      ['', undefined],
    ];
    for (const [importPath, module] of table) {
      assert.equal(moduleForImportPath(importPath, modules), module, importPath);
    }
    assert.equal(moduleForImportPath('github.com/x/y/pkg', ['', 'github.com/x/y']), 'github.com/x/y');
  });
});
