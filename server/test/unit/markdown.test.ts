import { strict as assert } from 'node:assert';
import { marked } from 'marked';
import { escapeMarkdown, markdownFileLink, markdownLink, safeWebUrl } from '../../../shared/src/markdown';

/** Renders like VS Code's hover (marked, GitHub-flavoured) and lists every link target and HTML tag produced. */
function rendered(markdown: string): { hrefs: string[]; tags: string[]; html: string } {
  const html = marked.parse(markdown, { async: false, gfm: true });
  return {
    html,
    hrefs: [...html.matchAll(/<a href="([^"]*)"/g)].map((match) => match[1]!),
    tags: [...html.matchAll(/<([a-z][a-z0-9]*)/gi)].map((match) => match[1]!.toLowerCase()).filter((tag) => !['p', 'a', 'strong', 'em'].includes(tag)),
  };
}

// Regression tests for issue 13 §4: advisory ids, links, aliases and tool names broke out of hover markdown.
suite('shared/markdown', () => {
  const hostile = [
    '[Sign in again](command:aspm.signIn)',
    'GHSA-x](https://evil.example)[y',
    '![pixel](https://evil.example/track.png)',
    '<img src=x onerror=alert(1)>',
    '<https://evil.example/autolink>',
    '<script>alert(1)</script>',
    '[ref]\n\n[ref]: command:workbench.action.terminal.new',
    'line\n# heading\n- list\n---',
    'pipe | breaks | table',
    '`code` and *emphasis* and _under_ and ~~strike~~',
    'back\\slash \\[escaped\\]',
    'entity &#91;x&#93;(command:y) &lt;b&gt;',
    'bidi \u202egnp.exe\u202c zero\u200bwidth',
    'bare https://evil.example/login and www.evil.example and lodash@4.17.15 and ops@evil.example',
  ];

  test('escaped text renders as the same text: no link, image, tag, heading, list or table', () => {
    for (const text of hostile) {
      const { hrefs, tags, html } = rendered(`Title: ${escapeMarkdown(text)}`);
      assert.deepEqual(hrefs, [], `${JSON.stringify(text)} → ${html}`);
      assert.deepEqual(tags, [], `${JSON.stringify(text)} → ${html}`);
      assert.ok(!escapeMarkdown(text).includes('\n'), 'one line');
      assert.ok(!/[\u202a-\u202e\u200b]/.test(escapeMarkdown(text)), 'no invisible characters');
    }
  });

  test('only well-formed http(s) URLs without credentials are web links', () => {
    const table: [string | undefined, string | undefined][] = [
      ['https://github.com/advisories/GHSA-p6mc-m468-83gw', 'https://github.com/advisories/GHSA-p6mc-m468-83gw'],
      ['http://127.0.0.1:8080/f/1', 'http://127.0.0.1:8080/f/1'],
      ['HTTPS://Example.COM/a b', undefined],
      ['HTTPS://Example.COM/path', 'https://example.com/path'],
      ['https://nvd.nist.gov/vuln/detail/CVE-2024-1(x)', 'https://nvd.nist.gov/vuln/detail/CVE-2024-1(x)'],
      ['command:aspm.signIn', undefined],
      ['command:workbench.action.terminal.new?%5B%5D', undefined],
      ['file:///etc/passwd', undefined],
      ['javascript:alert(1)', undefined],
      ['JaVaScRiPt:alert(1)', undefined],
      ['java\nscript:alert(1)', undefined],
      ['vscode://settings/aspm', undefined],
      ['vscode-insiders://x', undefined],
      ['data:text/html,<script>alert(1)</script>', undefined],
      ['https://good.example@evil.example/', undefined],
      ['https://user:secret@evil.example/', undefined],
      [' https://leading.space', undefined],
      ['https://', undefined],
      ['https:evil', 'https://evil/'],
      ['//evil.example/x', undefined],
      ['not a url', undefined],
      ['', undefined],
      [undefined, undefined],
      [`https://long.example/${'a'.repeat(3000)}`, undefined],
    ];
    for (const [input, expected] of table) {
      assert.equal(safeWebUrl(input), expected, JSON.stringify(input));
    }
  });

  test('a link is rendered only for a web URL, and a ")" or space in it cannot end it early', () => {
    const table: [string, string | undefined, string[]][] = [
      ['GHSA-1', 'https://github.com/advisories/GHSA-1', ['https://github.com/advisories/GHSA-1']],
      ['CVE', 'https://x.example/a)[evil](command:aspm.signIn)', ['https://x.example/a%29%5Bevil%5D%28command:aspm.signIn%29']],
      ['CVE', 'https://x.example/a"b<c>\\d', ['https://x.example/a%22b%3Cc%3E/d']],
      ['CVE](command:x)[', 'https://x.example/', ['https://x.example/']],
      ['id', 'command:aspm.signIn', []],
      ['id', 'file:///etc/passwd', []],
      ['id', 'javascript:alert(1)', []],
      ['id', undefined, []],
    ];
    for (const [label, url, hrefs] of table) {
      const markdown = markdownLink(label, url);
      assert.deepEqual(rendered(markdown).hrefs, hrefs, `${label} ${url} → ${markdown}`);
    }
  });

  test('workspace file links keep parentheses and spaces inside the destination', () => {
    const markdown = markdownFileLink('imported at src/a (copy).ts:3', 'file:///work/repo/src/a%20(copy).ts#L3');
    assert.deepEqual(rendered(markdown).hrefs, ['file:///work/repo/src/a%20%28copy%29.ts#L3']);
    assert.deepEqual(rendered(markdownFileLink('x', 'command:aspm.signIn')).hrefs, []);
  });
});
