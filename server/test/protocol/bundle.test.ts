import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { serverBundle } from './lspTestClient';

// V8 keeps a script's source in memory; one character above U+00FF makes it two bytes per character, which doubled
// the dev bundles' source in every thread (11 MB instead of 5.8 in the server). `.config/bundle.mjs` escapes them.
suite('server bundles', () => {
  for (const file of [serverBundle, path.join(path.dirname(serverBundle), 'indexWorker.js')]) {
    test(`${path.basename(file)} is stored one byte per character`, () => {
      const wide = /[^\u0000-\u00ff]/.exec(readFileSync(file, 'utf8'));
      assert.equal(wide, null, `a character above U+00FF at offset ${wide?.index}`);
    });
  }
});
