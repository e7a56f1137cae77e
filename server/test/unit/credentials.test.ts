import { strict as assert } from 'node:assert';
import { encodeCredentialMessage, parseCredentialMessage } from '../../../shared/src/credentials';

suite('shared/credentials', () => {
  test('a message round-trips as one line; empty strings mean "none"', () => {
    const line = encodeCredentialMessage({ credentials: { aspm: 'tok', dependencyTrack: null }, proxy: 'http://proxy:3128' });
    assert.ok(line.endsWith('\n') && !line.slice(0, -1).includes('\n'));
    assert.deepEqual(parseCredentialMessage(line), { credentials: { aspm: 'tok', dependencyTrack: null }, proxy: 'http://proxy:3128' });
    assert.deepEqual(parseCredentialMessage('{"credentials": {"aspm": ""}, "proxy": ""}'), { credentials: { aspm: null }, proxy: null });
    assert.deepEqual(parseCredentialMessage('{}'), {}, 'nothing changes');
    assert.deepEqual(parseCredentialMessage(encodeCredentialMessage({ candidates: { 'check-1': 'tok', 'check-0': null } })), { candidates: { 'check-1': 'tok', 'check-0': null } }, 'a token offered for a check');
  });

  test('anything else is not a message', () => {
    for (const line of ['', 'tok-123', '[]', 'null', '5', '{"credentials": "tok"}', '{"credentials": {"aspm": 5}}', '{"credentials": ["tok"]}', '{"proxy": 3128}', '{"credentials": {"aspm": {"token": "x"}}}', '{"candidates": "tok"}', '{"candidates": {"k": 5}}']) {
      assert.equal(parseCredentialMessage(line), undefined, line);
    }
  });
});
