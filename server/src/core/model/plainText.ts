/**
 * Terminal escape sequences: CSI (`ESC [` … final byte, or the 8-bit `\x9b`), OSC/DCS/PM/APC/SOS strings (ended by
 * BEL or ST, or unterminated up to the end), and two-character escapes. Stripped whole, so none of their bytes is
 * left to be read as text.
 */
const escapeSequences = /(?:\u001b\[|\u009b)[\u0030-\u003f]*[\u0020-\u002f]*[\u0040-\u007e]?|(?:\u001b[\]P^_X]|[\u009d\u0090\u009e\u009f\u0098])[^\u0007\u001b\u009c]*(?:\u0007|\u001b\\|\u009c)?|\u001b[\u0020-\u007e]?/g;

/**
 * Characters that move the cursor, erase, or reorder what is displayed: C0 and C1 controls (CR, backspace, BEL…),
 * DEL, and the bidirectional overrides and isolates (U+202A–202E, U+2066–2069) plus the zero-width marks.
 */
const controlCharacters = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

/**
 * Text from a report or backend as one plain line for a terminal or a title: escape sequences and control
 * characters removed (each leaves a space, so words stay apart), whitespace collapsed, cut to `maxLength` with `…`.
 */
export function toPlainLine(text: string, maxLength = Number.POSITIVE_INFINITY): string {
  const line = text.replace(escapeSequences, ' ').replace(controlCharacters, ' ').replace(/\s+/g, ' ').trim();
  return line.length > maxLength ? `${line.slice(0, Math.max(0, maxLength - 1))}…` : line;
}
