import { strict as assert } from 'node:assert';
import { assertAnnotatedRoutes, describeRoutes, moduleFileRoutes } from '../../../test/routeFixtures';
import { readFixture } from '../../../test/fixtures';
import { nestjsRouteQuery, routesFromMatches } from './nestjs';
import { fileLocalRoutes, resolveRoutes } from './resolveRoutes';

const nest = { query: nestjsRouteQuery, routesFromMatches };

suite('core/index/routes/nestjs', () => {
  test('the controller fixture declares its annotated routes (controller prefixes only)', async () => {
    const text = readFixture('routes', 'nest', 'users.controller.ts');
    const routes = fileLocalRoutes(await moduleFileRoutes('nest/users.controller.ts', text, nest));
    assert.ok(routes.length >= 5, 'routes are found');
    assertAnnotatedRoutes(text, 'nest/users.controller.ts', routes, 'local');
  });

  test('setGlobalPrefix in main.ts prefixes the controllers below it', async () => {
    const controller = readFixture('routes', 'nest', 'users.controller.ts');
    const files = new Map([
      ['nest/main.ts', await moduleFileRoutes('nest/main.ts', readFixture('routes', 'nest', 'main.ts'), nest)],
      ['nest/users.controller.ts', await moduleFileRoutes('nest/users.controller.ts', controller, nest)],
    ]);
    assert.deepEqual(files.get('nest/main.ts')?.globalPrefixes, [{ framework: 'nestjs', prefix: 'api' }]);
    assertAnnotatedRoutes(controller, 'nest/users.controller.ts', resolveRoutes(files), 'resolved');
  });

  test('the handler range is the method body', async () => {
    const code = "import { Controller, Get } from '@nestjs/common';\n@Controller('c')\nexport class C {\n  @Get(':id')\n  one() {\n    return 1;\n  }\n}";
    const [route] = fileLocalRoutes(await moduleFileRoutes('src/c.controller.ts', code, nest));
    assert.equal(route?.path, '/c/:id');
    assert.deepEqual(route?.location.range.start, { line: 3, character: 2 });
    assert.deepEqual(route?.handlerRange, { start: { line: 4, character: 8 }, end: { line: 6, character: 3 } });
  });

  const table: { name: string; code: string; file?: string; expected: string[] }[] = [
    { name: 'controller without a path', code: "import { Controller, Post } from '@nestjs/common';\n@Controller()\nclass A {\n  @Post('login')\n  login() {}\n}", expected: ['POST /login'] },
    { name: 'aliased decorator imports', code: "import { Controller as C, Put as P } from '@nestjs/common';\n@C('x')\nclass A {\n  @P()\n  put() {}\n}", expected: ['PUT /x'] },
    { name: 'All and a wildcard', code: "import { All, Controller } from '@nestjs/common';\n@Controller('proxy')\nclass A {\n  @All('*')\n  any() {}\n}", expected: ['ALL /proxy/*'] },
    { name: 'controller with several paths', code: "import { Controller, Get } from '@nestjs/common';\n@Controller(['a', 'b'])\nclass A {\n  @Get('x')\n  x() {}\n}", expected: ['GET /a/x', 'GET /b/x'] },
    { name: 'decorators from another library', code: "import { Controller, Get } from 'routing-controllers';\n@Controller('r')\nclass A {\n  @Get('/x')\n  x() {}\n}", expected: [] },
    { name: 'a computed path is skipped', code: "import { Controller, Get } from '@nestjs/common';\n@Controller('c')\nclass A {\n  @Get(PATHS.one)\n  x() {}\n}", expected: [] },
    { name: 'javascript grammar puts decorators inside methods', file: 'src/a.controller.js', code: "import { Controller, Get } from '@nestjs/common';\n@Controller('js')\nexport class A {\n  @Get('x')\n  x() {}\n}", expected: ['GET /js/x'] },
  ];
  for (const row of table) {
    test(`routes: ${row.name}`, async () => {
      assert.deepEqual(describeRoutes(fileLocalRoutes(await moduleFileRoutes(row.file ?? 'src/a.controller.ts', row.code, nest))), row.expected);
    });
  }
});
