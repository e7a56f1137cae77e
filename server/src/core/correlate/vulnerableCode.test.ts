import { strict as assert } from 'node:assert';
import { asReplacedModulePath, parseVulnerableSymbol, readVulnerableCode } from './vulnerableCode';

suite('core/correlate/vulnerableCode', () => {
  test('one reading of every spelling (issue 8: normalised in one place)', () => {
    const fiber = 'github.com/gofiber/fiber/v2';
    const table: [ecosystem: string, text: string, packages: string[], scope: string | undefined, receiver: string | undefined, name: string][] = [
      ['golang', `${fiber}.App.Get`, [fiber], fiber, 'App', 'Get'],
      ['golang', `${fiber}.New`, [fiber], fiber, undefined, 'New'],
      ['golang', `${fiber}.(*App).Get`, [fiber], fiber, 'App', 'Get'],
      ['golang', 'golang.org/x/text/language.Parse', ['golang.org/x/text/language'], 'golang.org/x/text/language', undefined, 'Parse'],
      ['golang', 'gopkg.in/yaml.v3.decoder.unmarshal', ['gopkg.in/yaml.v3'], 'gopkg.in/yaml.v3', 'decoder', 'unmarshal'],
      // Without the package list, the path ends at its last element, major versions and `.go` included.
      ['golang', 'gopkg.in/yaml.v3.Unmarshal', [], 'gopkg.in/yaml.v3', undefined, 'Unmarshal'],
      ['golang', `${fiber}.Ctx.Params`, [], fiber, 'Ctx', 'Params'],
      ['golang', 'github.com/nats-io/nats.go.Connect', [], 'github.com/nats-io/nats.go', undefined, 'Connect'],
      ['golang', 'App.Get', [], undefined, 'App', 'Get'],
      ['golang', '(*Ctx).Params', [], undefined, 'Ctx', 'Params'],
      ['golang', 'Parse', [], undefined, undefined, 'Parse'],
      ['maven', 'com.thoughtworks.xstream.XStream.fromXML', [], 'com.thoughtworks.xstream', 'XStream', 'fromXML'],
      ['maven', 'com.thoughtworks.xstream:XStream#fromXML', [], 'com.thoughtworks.xstream', 'XStream', 'fromXML'],
      ['maven', 'fromXML', [], undefined, undefined, 'fromXML'],
      ['npm', 'lodash.baseSet', [], 'lodash', undefined, 'baseSet'],
      ['npm', 'Sanitizer.prototype.clean', [], undefined, 'Sanitizer', 'clean'],
      ['npm', 'sanitize-html:Sanitizer#clean', [], 'sanitize-html', 'Sanitizer', 'clean'],
      ['npm', 'template()', [], undefined, undefined, 'template'],
      ['pypi', 'yaml.load', [], 'yaml', undefined, 'load'],
      ['pypi', 'yaml.constructor.FullConstructor.construct_python_object', [], 'yaml.constructor', 'FullConstructor', 'construct_python_object'],
      ['pypi', 'PIL.Image.open', [], 'PIL', 'Image', 'open'],
      ['crates.io', 'crate::module::f', [], 'crate.module', undefined, 'f'],
    ];
    for (const [ecosystem, text, packages, scope, receiver, name] of table) {
      const symbol = parseVulnerableSymbol(ecosystem, text, packages);
      assert.deepEqual(
        { scope: symbol?.scope, receiver: symbol?.receiver, name: symbol?.name, text: symbol?.text },
        { scope, receiver, name, text },
        `${ecosystem} ${text}`,
      );
    }
    assert.equal(parseVulnerableSymbol('npm', '  '), undefined);
  });

  test('Go packages listed without symbols are vulnerable whole; symbols never stand in for them', () => {
    const code = readVulnerableCode(
      'golang',
      ['golang.org/x/crypto/ssh.NewServerConn', 'golang.org/x/crypto/ssh.ServerConfig.AddHostKey'],
      ['golang.org/x/crypto/ssh', 'golang.org/x/crypto/ssh/agent', 'golang.org/x/crypto/ssh'],
    );
    assert.deepEqual(code.packages, ['golang.org/x/crypto/ssh', 'golang.org/x/crypto/ssh/agent']);
    assert.deepEqual(code.wholePackages, ['golang.org/x/crypto/ssh/agent']);
    assert.deepEqual(
      code.symbols.map((symbol) => [symbol.scope, symbol.receiver, symbol.name]),
      [
        ['golang.org/x/crypto/ssh', undefined, 'NewServerConn'],
        ['golang.org/x/crypto/ssh', 'ServerConfig', 'AddHostKey'],
      ],
    );
  });

  test('Go replace: an advisory of the replacement is read in the paths the code imports, nothing else is rewritten', () => {
    const [fork, original] = ['github.com/golang-jwt/jwt', 'github.com/dgrijalva/jwt-go'];
    const table: [text: string, replaced: string | undefined, expected: string][] = [
      [fork, original, original],
      [`${fork}/request`, original, `${original}/request`],
      [`${fork}.Parser.ParseWithClaims`, original, `${original}.Parser.ParseWithClaims`],
      [`${fork}/v4`, original, `${fork}/v4`],
      ['github.com/golang-jwt/jwtx', original, 'github.com/golang-jwt/jwtx'],
      ['Parser.ParseWithClaims', original, 'Parser.ParseWithClaims'],
      [`${fork}/request`, undefined, `${fork}/request`],
    ];
    for (const [text, replaced, expected] of table) {
      assert.equal(asReplacedModulePath(text, fork, replaced), expected, text);
    }
  });
});
