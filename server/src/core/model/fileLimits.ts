/** Larger source and IaC files are generated or minified; parsing them would cost much and tell nothing. */
export const maxSourceBytes = 2 * 1024 * 1024;

/** Lockfiles of real monorepos reach 5–30 MB, and scanner reports tens of MB: they are read whole up to this. */
export const maxDataFileBytes = 64 * 1024 * 1024;

/** `2 MB`, as the limits are written in messages. */
export function megabytes(bytes: number): string {
  return `${Math.round(bytes / 1024 / 1024)} MB`;
}

/** Bytes of a text in UTF-8, counted without encoding it (a lone surrogate counts as the 3 bytes of U+FFFD). */
export function utf8Length(text: string): number {
  let bytes = text.length;
  for (let at = 0; at < text.length; at++) {
    const code = text.charCodeAt(at);
    const next = text.charCodeAt(at + 1);
    if (code >= 0xd800 && code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      bytes += 2; // a surrogate pair: 2 code units, 4 bytes
      at++;
    } else if (code >= 0x800) {
      bytes += 2;
    } else if (code >= 0x80) {
      bytes += 1;
    }
  }
  return bytes;
}
