import { strict as assert } from 'node:assert';
import { toPlainLine } from './plainText';

// Regression tests for issue 13 §4: a finding printed raw escape sequences into the CLI table.
suite('core/model/plainText', () => {
  test('escape sequences, controls and bidi overrides never reach the terminal', () => {
    const table: [string, string][] = [
      ['plain title', 'plain title'],
      ['red \u001b[31mtext\u001b[0m', 'red text'],
      ['erase \u001b[2K\u001b[1Gline', 'erase line'],
      ['8-bit CSI \u009b2Jclear', '8-bit CSI clear'],
      ['OSC link \u001b]8;;https://evil.example\u0007click\u001b]8;;\u0007', 'OSC link click'],
      ['OSC title \u001b]0;pwned\u001b\\ end', 'OSC title end'],
      ['unterminated \u001b]0;rest of the line', 'unterminated'],
      ['DCS \u001bP1$r\u001b\\ done', 'DCS done'],
      ['two-char \u001bc reset', 'two-char reset'],
      ['bell\u0007 and backspace\u0008\u0008x', 'bell and backspace x'],
      ['carriage\roverwrite', 'carriage overwrite'],
      ['new\nline\r\nand\ttab', 'new line and tab'],
      ['bidi \u202eexe.txt\u202c and \u2066isolate\u2069', 'bidi exe.txt and isolate'],
      ['zero\u200bwidth', 'zero width'],
      ['C1 \u0085next line', 'C1 next line'],
      ['DEL\u007f', 'DEL'],
      ['unicode stays: naïve — ✓ 漢字', 'unicode stays: naïve — ✓ 漢字'],
    ];
    for (const [input, expected] of table) {
      const output = toPlainLine(input);
      assert.equal(output, expected, JSON.stringify(input));
      assert.ok(!/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/.test(output), JSON.stringify(output));
    }
  });

  test('long text is cut with an ellipsis', () => {
    assert.equal(toPlainLine('abcdef', 4), 'abc…');
    assert.equal(toPlainLine('abcd', 4), 'abcd');
  });
});
