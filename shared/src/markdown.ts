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
