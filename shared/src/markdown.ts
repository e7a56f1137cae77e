/**
 * Markdown built from data that others wrote (backend findings, SARIF reports, OSV records): the one place that
 * escapes it, for the server's hovers and tree tooltips and the client's tooltips alike. Text can never form a
 * link, image, autolink, HTML tag or table cell; only http(s) URLs that parse become links, and their destination
 * is encoded so that a `)` or a space cannot end it early.
 */

/** The WHATWG URL class of Node and browsers (shared/ compiles without DOM or Node types). */
declare const URL: new (input: string) => { readonly href: string; readonly protocol: string; readonly hostname: string; readonly username: string; readonly password: string };

/** Controls, zero-width and bidirectional formatting characters: never useful in a hover, able to reorder text. */
const invisible = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

/** Characters with a meaning in (GitHub-flavoured) markdown inline text, `@` of e-mail autolinks included. */
const syntax = /[\\`*_[\]<>|#~&@]/g;

const maxUrlLength = 2048;

/**
 * `text` as literal markdown inline text: line breaks become spaces (no new block can start), invisible characters
 * go, every markdown syntax character is backslash-escaped, and bare `https://…`, `www.…` and e-mail addresses are
 * broken up so that GitHub-flavoured markdown does not turn them into links.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(invisible, '')
    .replace(/[\r\n\t]+/g, ' ')
    .replace(syntax, '\\$&')
    .replace(/:\/\//g, '\\://')
    .replace(/\b(www)\./gi, '$1\\.');
}

/**
 * The normalized form of an http(s) URL that parses, has a host and carries no credentials (`https://good@evil`),
 * else undefined: `command:`, `file:`, `javascript:`, `vscode:` and anything malformed are never linked or opened.
 */
export function safeWebUrl(value: string | undefined): string | undefined {
  if (value === undefined || value.length > maxUrlLength || /[\s\u0000-\u001f\u007f-\u009f]/.test(value)) {
    return undefined;
  }
  try {
    const url = new URL(value);
    const isWeb = url.protocol === 'https:' || url.protocol === 'http:';
    return isWeb && url.hostname !== '' && url.username === '' && url.password === '' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** `[label](url)` when `url` is a safe web URL ({@link safeWebUrl}), else the label alone; the label is escaped. */
export function markdownLink(label: string, url: string | undefined): string {
  const href = safeWebUrl(url);
  return href === undefined ? escapeMarkdown(label) : `[${escapeMarkdown(label)}](${encodeDestination(href)})`;
}

/**
 * `[label](uri)` for a `file:` URI the server built for a workspace file (evidence locations), else the label alone.
 * Paths may hold `(`, `)` or spaces, so the destination is encoded like a web link's.
 */
export function markdownFileLink(label: string, fileUri: string): string {
  return /^file:\/\/[^\s\u0000-\u001f]*$/i.test(fileUri) ? `[${escapeMarkdown(label)}](${encodeDestination(fileUri)})` : escapeMarkdown(label);
}

/** Percent-encodes what could end or reinterpret a markdown link destination; the URL means the same after. */
function encodeDestination(href: string): string {
  return href.replace(/[()<>\\\s"]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** The most markdown one hover carries (issue 13: a line with hundreds of findings made hovers of megabytes). */
export const maxHoverBytes = 32 * 1024;

/**
 * Sections rendered one by one and joined with `separator` while they fit in `maxBytes` as sent (UTF-8 of the
 * JSON-escaped text: markdown escapes double on the wire), the rest left out
 * and counted by `omitted(n)`, which must stay short. The first section is cut to fit when it alone is too long.
 * Sections after the budget are never rendered.
 */
export function joinWithinBudget<T>(items: readonly T[], render: (item: T) => string, separator: string, maxBytes: number, omitted: (count: number) => string): string {
  const reserve = wireBytes(omitted(items.length)) + wireBytes(separator);
  const parts: string[] = [];
  let used = 0;
  for (const [index, item] of items.entries()) {
    const section = render(item);
    const cost = wireBytes(section) + (parts.length > 0 ? wireBytes(separator) : 0);
    const isLast = index === items.length - 1;
    if (used + cost > maxBytes - (isLast ? 0 : reserve)) {
      if (parts.length === 0) {
        // Escapes at most double a character on the wire: half the budget in UTF-8 always fits.
        parts.push(`${cutToBytes(section, Math.floor((maxBytes - reserve) / 2) - 3)}…`);
        used = maxBytes - reserve;
        continue;
      }
      parts.push(omitted(items.length - index));
      return parts.join(separator);
    }
    parts.push(section);
    used += cost;
  }
  return parts.join(separator);
}

/** Bytes of `text` inside a JSON string, UTF-8. */
function wireBytes(text: string): number {
  return utf8Bytes(JSON.stringify(text)) - 2;
}

function utf8Bytes(text: string): number {
  let bytes = 0;
  for (let at = 0; at < text.length; at++) {
    const code = text.charCodeAt(at);
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code >= 0xd800 && code < 0xdc00 ? (at++, 4) : 3;
  }
  return bytes;
}

/** The longest prefix of `text` of at most `maxBytes` UTF-8 bytes, never splitting a surrogate pair. */
function cutToBytes(text: string, maxBytes: number): string {
  let bytes = 0;
  let at = 0;
  while (at < text.length) {
    const code = text.charCodeAt(at);
    const width = code < 0x80 ? 1 : code < 0x800 ? 2 : code >= 0xd800 && code < 0xdc00 ? 4 : 3;
    if (bytes + width > maxBytes) {
      break;
    }
    bytes += width;
    at += width === 4 ? 2 : 1;
  }
  return text.slice(0, at);
}
