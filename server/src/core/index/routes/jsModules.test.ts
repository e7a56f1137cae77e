import { strict as assert } from 'node:assert';
import { routeTestHost } from '../../../test/routeFixtures';
import { namesFunction } from './jsModules';

/** Whether {@link namesFunction} holds for each declarator of the code, by name. */
async function namingByDeclarator(code: string): Promise<Record<string, boolean>> {
  return (await routeTestHost()).withMatches('typescript', code, ['(variable_declarator name: (identifier) @name) @declarator'], ([matches]) =>
    Object.fromEntries(
      (matches ?? []).map((match) => {
        const capture = (name: string): (typeof match.captures)[number]['node'] => match.captures.find((item) => item.name === name)!.node;
        return [capture('name').text, namesFunction(capture('declarator'))];
      }),
    ),
  );
}

suite('core/index/routes/jsModules', () => {
  test('a declarator names a function when its value is one or wraps one as functionKey and topLevelFunction see it; passing a callback on does not', async () => {
    const naming = await namingByDeclarator(
      [
        "const arrow = (req, res) => res.send('a');",
        'const expression = async function (req, res) {};',
        'const parenthesized = ((req, res) => undefined);',
        'const asserted = <Handler>((req, res) => undefined);',
        'const cast = ((req, res) => undefined) as Handler;',
        'const wrapped = withAuth(async (req, res) => undefined);',
        'const nested = fp(withAuth(function plugin(app) {}));',
        'const awaited = await wrap((req, res) => undefined);',
        'const classy = class {};',
        'const mapped = await Promise.all(items.map(async (item) => item.owner));',
        'const called = items.filter((item) => item.ok);',
        "const required = require('./x')((req, res) => undefined);",
        'const spread = wrap(...[(req, res) => undefined]);',
        'const object = { handler: (req, res) => undefined };',
        'const plain = 42;',
        '',
      ].join('\n'),
    );
    assert.deepEqual(naming, {
      arrow: true,
      expression: true,
      parenthesized: true,
      asserted: true,
      cast: true,
      wrapped: true,
      nested: true,
      awaited: true,
      classy: true,
      mapped: false,
      called: false,
      required: false,
      spread: false,
      object: false,
      plain: false,
    });
  });
});
