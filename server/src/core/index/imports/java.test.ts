import { strict as assert } from 'node:assert';
import { javaIndexer } from '../../../host/indexers/javaIndexer';
import { assertFixtureFacts } from '../../../test/annotations';
import { readFixture } from '../../../test/fixtures';
import { sharedTreeSitterHost } from '../../../test/languageHost';
import { isJavaPlatformPackage } from './javaPlatform';

async function factsOf(path: string, text: string) {
  const facts = await javaIndexer(await sharedTreeSitterHost()).index(path, text);
  return { imports: facts.imports ?? [], calls: facts.calls ?? [] };
}

suite('core/index/imports/java', () => {
  test('extracts the annotated imports, bindings and calls of Sample.java', async () => {
    const text = readFixture('imports', 'Sample.java');
    const { imports, calls } = await factsOf('src/main/java/com/acme/sample/Sample.java', text);
    assertFixtureFacts(text, imports, calls);
  });

  test('specifier, package and range of class, static and wildcard imports', async () => {
    const text = ['package p;', 'import com.thoughtworks.xstream.XStream;', 'import static org.x.Util.run;', 'import org.x.io.*;', 'import com.x.lower.helper;', 'import static com.x.util.tool.MAX;'].join('\n');
    const { imports } = await factsOf('A.java', text);
    assert.deepEqual(
      imports.map((fact) => [fact.specifier, fact.packageName, fact.bindings]),
      [
        ['com.thoughtworks.xstream.XStream', 'com.thoughtworks.xstream', [{ local: 'XStream', imported: 'XStream' }]],
        ['org.x.Util.run', 'org.x', [{ local: 'run', imported: 'Util.run' }]],
        ['org.x.io.*', 'org.x.io', [{ local: '*', imported: '*' }]],
        ['com.x.lower.helper', 'com.x.lower', [{ local: 'helper', imported: 'helper' }]],
        ['com.x.util.tool.MAX', 'com.x.util', [{ local: 'MAX', imported: 'tool.MAX' }]],
      ],
    );
    assert.deepEqual(imports[0]?.range, { start: { line: 1, character: 7 }, end: { line: 1, character: 39 } });
  });

  test('call ranges run from the receiver to the method name; constructor ranges cover `new T`', async () => {
    const text = 'import a.b.Client;\nclass A { void m() { new Client().send(1); } }';
    const { calls } = await factsOf('A.java', text);
    assert.deepEqual(
      calls.map((call) => [call.object, call.name, call.range.start.character, call.range.end.character]),
      [
        [undefined, 'Client', 21, 31],
        ['Client', 'send', 21, 38],
      ],
    );
  });

  test('the java-maven workspace: Jackson, SnakeYAML and Log4j calls', async () => {
    const text = readFixture('workspaces', 'java-maven', 'api', 'src', 'main', 'java', 'com', 'acme', 'shop', 'api', 'OrderController.java');
    const { imports, calls } = await factsOf('api/src/main/java/com/acme/shop/api/OrderController.java', text);
    assert.ok(imports.some((fact) => fact.packageName === 'org.yaml.snakeyaml'));
    const described = calls.map((call) => `${call.object ?? ''}.${call.name}`);
    for (const expected of ['Yaml.load', '.Yaml', 'ObjectMapper.writeValueAsString', 'LogManager.getLogger']) {
      assert.ok(described.includes(expected), `${expected} in ${described.join(', ')}`);
    }
  });

  test('platform packages', () => {
    const table: [string, boolean][] = [
      ['java.util', true],
      ['java.util.concurrent', true],
      ['javax.crypto.spec', true],
      ['javax.xml.parsers', true],
      ['jdk.internal', true],
      ['org.w3c.dom', true],
      ['javax.servlet.http', false],
      ['javax.xml.bind', false],
      ['javax.annotation', false],
      ['javaxx.foo', false],
      ['com.sun.jersey.api', false],
      ['org.yaml.snakeyaml', false],
    ];
    for (const [javaPackage, isPlatform] of table) {
      assert.equal(isJavaPlatformPackage(javaPackage), isPlatform, javaPackage);
    }
  });
});
