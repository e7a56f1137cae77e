import { strict as assert } from 'node:assert';
import { isTestPath } from './workspaceIndex';

suite('core/model/workspaceIndex', () => {
  test('test code by path', () => {
    const table: [string, boolean][] = [
      ['src/app.ts', false],
      ['src/app.test.ts', true],
      ['test/helpers.js', true],
      ['src/__tests__/a.tsx', true],
      ['api/src/test/java/com/acme/ApiTest.java', true],
      ['handlers_users.go', false],
      ['handlers_users_test.go', true],
      ['internal/testing.go', false],
    ];
    for (const [path, isTest] of table) {
      assert.equal(isTestPath(path), isTest, path);
    }
  });
});
