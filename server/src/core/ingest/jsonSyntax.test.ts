import { strict as assert } from 'node:assert';
import { describeJsonSyntaxError } from './jsonSyntax';

function errorOf(text: string): unknown {
  try {
    JSON.parse(text);
  } catch (error) {
    return error;
  }
  throw new Error(`${text} parsed`);
}

// Regression test for issue 13 §2: a bad OSV "record" outside the repository had its first characters printed.
suite('core/ingest/jsonSyntax', () => {
  test('never quotes the text it refuses', () => {
    for (const text of ['SECRET_KEY=hunter2', 'AKIAIOSFODNN7EXAMPLE', '{"a": SECRETVALUE}', '{"a": 1} trailing-SECRET', '{"a": "line\nSECRET"}', '{"a": [1, 2', '']) {
      const described = describeJsonSyntaxError(errorOf(text));
      assert.ok(!/SECRET|hunter2|AKIA|trailing/.test(described), `${JSON.stringify(text)} → ${described}`);
      assert.match(described, /syntax error|ends before/);
    }
  });

  test('keeps the place of the error when V8 gives it', () => {
    assert.match(describeJsonSyntaxError(errorOf('{"a": 1,,}')), /syntax error at (offset 8|line 1, column 9)/);
    assert.equal(describeJsonSyntaxError(errorOf('')), 'the text ends before the JSON value does');
  });
});
