import { strict as assert } from 'node:assert';
import type { ImportFact } from '../model/importFact';
import type { CallFact, CallReceiver, FieldFact } from '../model/symbolFacts';
import type { CallsByPath } from '../model/workspaceIndex';
import { describeSymbolVerdict, findVulnerableCalls, functionModuleName } from './symbolReachability';
import { readVulnerableCode } from './vulnerableCode';

const range = (line: number) => ({ start: { line, character: 0 }, end: { line, character: 5 } });
const site = (path: string, specifier: string, bindings?: ImportFact['bindings']): ImportFact => ({ specifier, packageName: specifier, kind: 'import', isTypeOnly: false, path, range: range(0), bindings });
const call = (path: string, line: number, name: string, object?: string, receiver?: CallReceiver, written?: string): CallFact => ({ path, name, object, range: range(line), receiver, written });

const fiber = 'github.com/gofiber/fiber/v2';
const fiberSymbols = ['App.Get', 'App.Post', 'Ctx.Params', 'Ctx.Redirect', 'Group.Get', 'Listen'].map((symbol) => `${fiber}.${symbol}`);

/** Calls and Go fields of a small workspace, with the folder listing Go needs to read a package's files. */
function workspace(calls: CallFact[], fields: FieldFact[] = []): CallsByPath {
  const paths = [...new Set([...calls.map((item) => item.path), ...fields.map((item) => item.path)])];
  return {
    get: (path) => calls.filter((item) => item.path === path),
    fieldsOf: (path) => fields.filter((item) => item.path === path),
    filesIn: (folder) => paths.filter((path) => (path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '') === folder),
  };
}

interface Case {
  name: string;
  ecosystem: string;
  sites: ImportFact[];
  calls: CallFact[];
  fields?: FieldFact[];
  symbols: string[];
  packages?: string[];
  kind: string;
  /** 1-based lines of the calls cited as vulnerable, or as not checked. */
  lines?: number[];
  /** A part of the first piece of evidence. */
  says?: RegExp;
}

suite('core/correlate/symbolReachability', () => {
  const lodash = [site('a.ts', 'lodash', [{ local: '_', imported: 'default' }])];
  const fiberSites = [site('main.go', fiber, [{ local: 'fiber', imported: '*' }])];
  const cases: Case[] = [
    { name: 'a namespace member call', ecosystem: 'npm', sites: lodash, calls: [call('a.ts', 4, 'template', '_'), call('a.ts', 5, 'merge', '_')], symbols: ['template'], kind: 'called', lines: [5] },
    { name: 'a renamed named import', ecosystem: 'npm', sites: [site('b.ts', 'lodash', [{ local: 'tmpl', imported: 'template' }])], calls: [call('b.ts', 2, 'tmpl')], symbols: ['lodash.template'], kind: 'called', lines: [3] },
    { name: 'qualified symbols match module calls', ecosystem: 'pypi', sites: [site('c.py', 'yaml', [{ local: 'yaml', imported: '*' }])], calls: [call('c.py', 7, 'load', 'yaml')], symbols: ['yaml.load'], kind: 'called', lines: [8] },
    { name: 'imported but the vulnerable function is never called', ecosystem: 'npm', sites: lodash, calls: [call('a.ts', 4, 'template', '_')], symbols: ['zipObjectDeep'], kind: 'not-called', says: /a\.ts:5 calls _\.template\(\): not a listed vulnerable function/ },
    { name: 'a call on another binding does not count', ecosystem: 'npm', sites: [site('a.ts', 'lodash', [{ local: 'lodash', imported: 'default' }])], calls: [call('a.ts', 4, 'template', '_')], symbols: ['template'], kind: 'not-called' },
    { name: 'untracked imports claim nothing', ecosystem: 'npm', sites: [site('a.ts', 'lodash')], calls: [], symbols: ['template'], kind: 'unknown' },
    { name: 'no vulnerable symbols named', ecosystem: 'npm', sites: lodash, calls: [], symbols: [], kind: 'unknown' },
    // issue 8: methods called through values.
    {
      name: 'Go: a method on a value of a declared type',
      ecosystem: 'golang',
      sites: fiberSites,
      calls: [call('main.go', 11, 'Params', 'fiber', { how: 'typed', text: 'c', type: 'Ctx', line: 10 }, 'c.Params')],
      symbols: fiberSymbols,
      packages: [fiber],
      kind: 'called',
      lines: [12],
      says: /main\.go:12 calls c\.Params\(\) — c has type fiber\.Ctx \(line 11\) \(vulnerable: Ctx\.Params\)/,
    },
    {
      name: 'Go: a method of another type of the package with the same name is not the vulnerable one',
      ecosystem: 'golang',
      sites: fiberSites,
      calls: [call('main.go', 11, 'Get', 'fiber', { how: 'typed', text: 'c', type: 'Ctx', line: 10 }, 'c.Get'), call('main.go', 12, 'Get', 'fiber')],
      symbols: fiberSymbols,
      packages: [fiber],
      kind: 'not-called',
    },
    {
      name: 'Go: a value returned by a function of unknown signature is taken for the only type whose Post is listed',
      ecosystem: 'golang',
      sites: fiberSites,
      calls: [call('main.go', 9, 'Make', 'fiber'), call('main.go', 10, 'Post', 'fiber', { how: 'result', text: 'app', of: 'Make', line: 9 }, 'app.Post')],
      symbols: fiberSymbols,
      packages: [fiber],
      kind: 'called',
      lines: [11],
      says: /main\.go:11 calls app\.Post\(\) — app is what fiber\.Make\(\) returns \(line 10\); its type is not written, taken for fiber\.App as App is the only listed type with a vulnerable Post/,
    },
    // issue 8 headline: `app := fiber.New(…); app.Get(…)`, with Get listed on both App and Group.
    {
      name: 'Go: fiber.New() returns *App (known signature), so app.Get is App.Get though Group.Get is listed too',
      ecosystem: 'golang',
      sites: fiberSites,
      calls: [call('main.go', 11, 'Get', 'fiber', { how: 'result', text: 'app', of: 'New', chain: ['New'], line: 10 }, 'app.Get')],
      symbols: fiberSymbols,
      packages: [fiber],
      kind: 'called',
      lines: [12],
      says: /main\.go:12 calls app\.Get\(\) — app is what fiber\.New\(\) returns \(line 11\); fiber\.New\(\) returns \*fiber\.App \(vulnerable: App\.Get\)/,
    },
    {
      name: 'Go: a known result type without the listed method is surely not it',
      ecosystem: 'golang',
      sites: fiberSites,
      calls: [call('main.go', 11, 'Params', 'fiber', { how: 'result', text: 'app', of: 'New', line: 10 }, 'app.Params')],
      symbols: fiberSymbols,
      packages: [fiber],
      kind: 'not-called',
      says: /main\.go:12 calls app\.Params\(\) — app is what fiber\.New\(\) returns \(line 11\): not a listed vulnerable function/,
    },
    {
      name: 'Go: a method chain is followed: app.Group returns the Router interface, an App or a Group, both with a listed Get',
      ecosystem: 'golang',
      sites: fiberSites,
      calls: [call('main.go', 12, 'Get', 'fiber', { how: 'result', text: 'api', of: 'app.Group', chain: ['New', 'Group'], line: 11 }, 'api.Get')],
      symbols: fiberSymbols,
      packages: [fiber],
      kind: 'called',
      says: /calls api\.Get\(\) — api is what app\.Group\(\) returns \(line 12\); app\.Group\(\) returns fiber\.Router \(a fiber\.App or a fiber\.Group, each with a vulnerable Get\) \(vulnerable: App\.Get or Group\.Get\)/,
    },
    {
      name: 'Go: an interface result whose types do not all have the listed method is not checked',
      ecosystem: 'golang',
      sites: fiberSites,
      calls: [call('main.go', 12, 'Post', 'fiber', { how: 'result', text: 'api', of: 'app.Group', chain: ['App.Group'], line: 11 }, 'api.Post')],
      symbols: fiberSymbols,
      packages: [fiber],
      kind: 'unchecked',
    },
    {
      name: 'Go: gin.Default() returns *Engine, which has the methods of the RouterGroup it embeds',
      ecosystem: 'golang',
      sites: [site('main.go', 'github.com/gin-gonic/gin', [{ local: 'gin', imported: '*' }])],
      calls: [call('main.go', 6, 'Static', 'gin', { how: 'result', text: 'r', of: 'Default', line: 5 }, 'r.Static')],
      symbols: ['github.com/gin-gonic/gin.RouterGroup.Static', 'github.com/gin-gonic/gin.Context.File'],
      packages: ['github.com/gin-gonic/gin'],
      kind: 'called',
      says: /gin\.Default\(\) returns \*gin\.Engine \(vulnerable: RouterGroup\.Static\)/,
    },
    {
      name: 'Go: a value returned by New whose method two listed types have is not claimed either way',
      ecosystem: 'golang',
      sites: fiberSites,
      calls: [call('main.go', 10, 'Get', 'fiber', { how: 'result', text: 'app', of: 'Default', line: 9 }, 'app.Get')],
      symbols: fiberSymbols,
      packages: [fiber],
      kind: 'unchecked',
      lines: [11],
    },
    {
      name: 'Go: NewX is taken for an X',
      ecosystem: 'golang',
      sites: fiberSites,
      calls: [call('main.go', 10, 'Get', 'fiber', { how: 'result', text: 'g', of: 'NewGroup', line: 9 }, 'g.Get')],
      symbols: fiberSymbols,
      packages: [fiber],
      kind: 'called',
      says: /taken for fiber\.Group by the NewGroup naming convention \(vulnerable: Group\.Get\)/,
    },
    {
      name: 'Go: NewX taken for an X whose method is not listed is still not proof: not checked',
      ecosystem: 'golang',
      sites: fiberSites,
      calls: [call('main.go', 10, 'Post', 'fiber', { how: 'result', text: 'g', of: 'NewGroup', line: 9 }, 'g.Post')],
      symbols: fiberSymbols,
      packages: [fiber],
      kind: 'unchecked',
      says: /main\.go:11 calls g\.Post\(\) on g, whose type is not written: not checked/,
    },
    {
      name: 'Go: a struct field declared in another file of the package',
      ecosystem: 'golang',
      sites: [site('svc/server.go', fiber, [{ local: 'fiber', imported: '*' }])],
      calls: [call('svc/routes.go', 6, 'Get', undefined, { how: 'member', text: 's.app', owner: 'Server', fields: ['app'] }, 's.app.Get')],
      fields: [{ owner: 'Server', name: 'app', specifier: fiber, type: 'App', path: 'svc/server.go', range: range(8) }],
      symbols: fiberSymbols,
      packages: [fiber],
      kind: 'called',
      says: /svc\/routes\.go:7 calls s\.app\.Get\(\) — s\.app is field app of Server \(svc\/server\.go:9\), of type fiber\.App \(vulnerable: App\.Get\)/,
    },
    {
      name: 'Go: a method of a first-party struct embedding a listed type may be the promoted one: not checked',
      ecosystem: 'golang',
      sites: [site('svc/server.go', fiber, [{ local: 'fiber', imported: '*' }])],
      calls: [call('svc/routes.go', 6, 'Get', undefined, { how: 'member', text: 'w', owner: 'Wrapper', fields: [] }, 'w.Get')],
      fields: [{ owner: 'Wrapper', name: 'App', specifier: fiber, type: 'App', isEmbedded: true, path: 'svc/server.go', range: range(8) }],
      symbols: fiberSymbols,
      packages: [fiber],
      kind: 'unchecked',
      says: /svc\/routes\.go:7 calls w\.Get\(\) on w, whose Wrapper embeds App of github\.com\/gofiber\/fiber\/v2 \(svc\/server\.go:9\) and may have its Get: not checked/,
    },
    {
      name: 'Go: a field of another folder is another package and is not followed',
      ecosystem: 'golang',
      sites: [site('svc/server.go', fiber, [{ local: 'fiber', imported: '*' }])],
      calls: [call('svc/routes.go', 6, 'Get', undefined, { how: 'member', text: 's.app', owner: 'Server', fields: ['app'] }, 's.app.Get')],
      fields: [{ owner: 'Server', name: 'app', specifier: fiber, type: 'App', path: 'other/server.go', range: range(8) }],
      symbols: fiberSymbols,
      packages: [fiber],
      kind: 'unchecked',
    },
    {
      name: 'Go: calls named like a vulnerable method on values of unknown type are not claimed "not called"',
      ecosystem: 'golang',
      sites: fiberSites,
      calls: [call('main.go', 9, 'New', 'fiber'), call('main.go', 20, 'Get', undefined, { how: 'unknown', text: 'router', count: 3 }, 'router.Get'), call('main.go', 21, 'Close', undefined, { how: 'unknown', text: 'db', count: 1 })],
      symbols: fiberSymbols,
      packages: [fiber],
      kind: 'unchecked',
      lines: [21],
      says: /main\.go:21 calls router\.Get\(\) on values of unknown type \(3 such calls in this file\): not checked/,
    },
    {
      name: 'Go: a package listed without symbols is vulnerable whole: any call through it',
      ecosystem: 'golang',
      sites: [site('main.go', 'golang.org/x/crypto/ssh/agent', [{ local: 'agent', imported: '*' }])],
      calls: [call('main.go', 4, 'NewKeyring', 'agent')],
      symbols: [],
      packages: ['golang.org/x/crypto/ssh/agent'],
      kind: 'called',
      says: /every function of golang\.org\/x\/crypto\/ssh\/agent is listed/,
    },
    {
      name: 'Go: a package vulnerable whole and imported without calls: nothing claimed',
      ecosystem: 'golang',
      sites: [site('main.go', 'golang.org/x/crypto/ssh/agent', [{ local: 'agent', imported: '*' }])],
      calls: [],
      symbols: [],
      packages: ['golang.org/x/crypto/ssh/agent'],
      kind: 'unknown',
    },
    {
      name: 'Java: an instance method through the class binding',
      ecosystem: 'maven',
      sites: [site('A.java', 'com.thoughtworks.xstream.XStream', [{ local: 'XStream', imported: 'XStream' }])],
      calls: [call('A.java', 9, 'fromXML', 'XStream', { how: 'typed', text: 'xs', line: 3 }, 'xs.fromXML')],
      symbols: ['com.thoughtworks.xstream.XStream.fromXML'],
      kind: 'called',
      says: /A\.java:10 calls xs\.fromXML\(\) — xs has type XStream \(line 4\)/,
    },
    {
      name: 'Java: a static call of a listed method',
      ecosystem: 'maven',
      sites: [site('A.java', 'com.thoughtworks.xstream.XStream', [{ local: 'XStream', imported: 'XStream' }])],
      calls: [call('A.java', 9, 'setupDefaultSecurity', 'XStream')],
      symbols: ['com.thoughtworks.xstream:XStream#setupDefaultSecurity'],
      kind: 'called',
    },
    {
      name: 'Python: a qualified function is not a method of one of the module\'s classes',
      ecosystem: 'pypi',
      sites: [site('c.py', 'yaml', [{ local: 'Loader', imported: 'Loader' }])],
      calls: [call('c.py', 7, 'load', 'Loader', { how: 'typed', text: 'loader', line: 6 }, 'loader.load')],
      symbols: ['yaml.load'],
      kind: 'not-called',
    },
    {
      name: 'Java: a wildcard import leaves the verdict open, saying why',
      ecosystem: 'maven',
      sites: [site('A.java', 'com.thoughtworks.xstream.*', [{ local: '*', imported: '*' }])],
      calls: [],
      symbols: ['com.thoughtworks.xstream.XStream.fromXML'],
      kind: 'unknown',
    },
    {
      name: 'Python: an alias of the module',
      ecosystem: 'pypi',
      sites: [site('c.py', 'yaml', [{ local: 'yaml', imported: '*' }])],
      calls: [call('c.py', 7, 'load', 'yaml', { how: 'alias', text: 'y', line: 5 }, 'y.load')],
      symbols: ['yaml.load'],
      kind: 'called',
      says: /c\.py:8 calls y\.load\(\) — y is yaml \(line 6\)/,
    },
    {
      name: 'JavaScript: an alias of a member, called',
      ecosystem: 'npm',
      sites: [site('d.js', 'js-yaml', [{ local: 'y', imported: '*' }])],
      calls: [call('d.js', 3, 'load', 'y', { how: 'alias', text: 'f', line: 2 }, 'f')],
      symbols: ['js-yaml.load'],
      kind: 'called',
      says: /d\.js:4 calls f\(\) — f is y\.load \(line 3\)/,
    },
    // A default or namespace binding of a module named after a function is that function (real shape: lodash's
    // per-method modules and packages, `import template from 'lodash/template'`).
    {
      name: 'JavaScript: a default import of a subpath module named after the vulnerable function, called',
      ecosystem: 'npm',
      sites: [{ ...site('e.ts', 'lodash/template', [{ local: 'template', imported: 'default' }]), packageName: 'lodash' }],
      calls: [call('e.ts', 6, 'template')],
      symbols: ['lodash.template'],
      kind: 'called',
      lines: [7],
    },
    {
      name: 'JavaScript: a renamed require of a per-method package, called',
      ecosystem: 'npm',
      sites: [site('f.js', 'lodash.template', [{ local: 'compile', imported: '*' }])],
      calls: [call('f.js', 5, 'compile')],
      symbols: ['lodash.template'],
      kind: 'called',
      says: /f\.js:6 calls compile\(\) — compile is lodash\.template \(line 1\), its template function \(vulnerable: template\)/,
    },
    {
      name: 'JavaScript: a per-method module of another function is checked and is not the vulnerable one',
      ecosystem: 'npm',
      sites: [{ ...site('g.js', 'lodash/escape', [{ local: 'escape', imported: '*' }]), packageName: 'lodash' }],
      calls: [call('g.js', 3, 'escape')],
      symbols: ['lodash.template'],
      kind: 'not-called',
      says: /g\.js:4 calls escape\(\): not a listed vulnerable function/,
    },
    {
      name: 'JavaScript: a module whose name is no function (js-yaml) called as one names no symbol',
      ecosystem: 'npm',
      sites: [site('h.js', 'js-yaml', [{ local: 'yaml', imported: '*' }])],
      calls: [call('h.js', 3, 'yaml')],
      symbols: ['js-yaml.load'],
      kind: 'not-called',
      lines: [],
    },
  ];
  for (const { name, ecosystem, sites, calls, fields, symbols, packages, kind, lines, says } of cases) {
    test(name, () => {
      const verdict = findVulnerableCalls(sites, workspace(calls, fields), readVulnerableCode(ecosystem, symbols, packages));
      assert.equal(verdict.kind, kind, JSON.stringify(verdict));
      const evidence = verdict.kind === 'unknown' ? [] : verdict.evidence;
      if (lines) {
        assert.deepEqual(evidence.map((item) => (item.location?.range.start.line ?? -1) + 1), lines);
      }
      if (says) {
        assert.match(evidence[0]?.message ?? '', says);
      }
    });
  }

  test('the function a whole npm module exports, from its name', () => {
    const cases: [string, string | undefined][] = [
      ['lodash/template', 'template'],
      ['lodash/fp/template.js', 'template'],
      ['lodash.template', 'template'],
      ['@acme/utils/merge', 'merge'],
      ['marked', 'marked'],
      ['@acme/sanitize', 'sanitize'],
      ['js-yaml', undefined],
      ['lodash/index', undefined],
    ];
    for (const [specifier, expected] of cases) {
      assert.equal(functionModuleName(specifier), expected, specifier);
    }
  });

  test('the sentences: "not called" only when every call was resolved, "not known" with the count otherwise', () => {
    const notCalled = describeSymbolVerdict({ kind: 'not-called', symbols: ['App.Get'], callsChecked: 2, evidence: [] }, 'fiber');
    assert.equal(notCalled.summary, '; the vulnerable App.Get is not called');
    const unchecked = describeSymbolVerdict({ kind: 'unchecked', symbols: ['App.Get', 'App.Post'], callsChecked: 2, unchecked: 3, evidence: [] }, 'fiber');
    assert.equal(unchecked.summary, '; whether the vulnerable App.Get and App.Post are called is not known: 3 calls on values of unknown type not checked');
    const many = describeSymbolVerdict({ kind: 'not-called', symbols: ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'], callsChecked: 0, evidence: [] }, 'x');
    assert.equal(many.summary, '; the vulnerable A, B, C, D, E and 3 more are not called');
  });
});
