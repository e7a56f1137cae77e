import { moduleForImportPath } from '../index/imports/go';

/** One vulnerable function or method, read from however its source spells it. */
export interface VulnerableSymbol {
  /** As the source spells it: `github.com/gofiber/fiber/v2.App.Get`, `pkg:Class#method`, `yaml.load`. */
  text: string;
  /** Where it lives when the spelling says: a Go import path, a Java package, a Python module, an npm package. */
  scope?: string;
  /** The type or class whose method it is: `App` of `App.Get` or `(*App).Get`, `XStream` of `….XStream.fromXML`. */
  receiver?: string;
  /** The function or method name that code calls. */
  name: string;
}

/** What an advisory says is vulnerable in a package, in one shape for every ecosystem and source. */
export interface VulnerableCode {
  ecosystem: string;
  symbols: VulnerableSymbol[];
  /** Go: the vulnerable packages of the module (OSV `imports[].path`); empty when the source names none. */
  packages: string[];
  /** Go: the vulnerable packages listed without any symbol: every function of them is vulnerable. */
  wholePackages: string[];
}

/**
 * Normalises an advisory's vulnerable symbols and packages, the one place that knows their spellings: OSV Go
 * `<import path>.<Symbol>` (`Recv.Method` for methods; `(*Recv).Method` is read too), GHSA `affected_functions`
 * (`package.Class.method`, `package:Class#method`), `Class.prototype.method`, Rust `crate::f`, and bare names from
 * a backend (`fromXML`). A receiver is told by the spelling (`Recv.Method` in Go; elsewhere a capitalised
 * segment before the name, as classes are spelled). Go symbols are split from their import path by the listed
 * packages when given, else by the path's last `/`.
 */
export function readVulnerableCode(ecosystem: string, symbols: readonly string[] = [], packages: readonly string[] = []): VulnerableCode {
  const parsed = [...new Set(symbols)].map((text) => parseVulnerableSymbol(ecosystem, text, packages)).filter((symbol): symbol is VulnerableSymbol => symbol !== undefined);
  const uniquePackages = [...new Set(packages)];
  return {
    ecosystem,
    symbols: parsed,
    packages: uniquePackages,
    wholePackages: uniquePackages.filter((path) => !parsed.some((symbol) => symbol.scope === path)),
  };
}

/**
 * Go: a module built in place of another (`replace github.com/dgrijalva/jwt-go => github.com/golang-jwt/jwt …`) is
 * imported by the replaced module's paths, so an advisory's package path or `<path>.<Symbol>` of the module is
 * spelled as the code imports it (`github.com/golang-jwt/jwt/request` → `github.com/dgrijalva/jwt-go/request`).
 * Anything else (another major version `…/v4` is another module), or no replaced module, is returned as is.
 */
export function asReplacedModulePath(text: string, module: string, replacedModule: string | undefined): string {
  const isOfModule = text.startsWith(`${module}.`) || moduleForImportPath(text, [module]) === module;
  return replacedModule !== undefined && isOfModule ? `${replacedModule}${text.slice(module.length)}` : text;
}

/** The symbol as a reader knows it: `App.Get`, `XStream.fromXML`, `load` (its scope is said separately). */
export function symbolLabel(symbol: VulnerableSymbol): string {
  return symbol.receiver ? `${symbol.receiver}.${symbol.name}` : symbol.name;
}

/** Reads one spelling; undefined when it names nothing callable. */
export function parseVulnerableSymbol(ecosystem: string, raw: string, packages: readonly string[] = []): VulnerableSymbol | undefined {
  const text = raw.trim();
  const bare = text.replace(/\(\s*\)$/, '');
  if (bare === '') {
    return undefined;
  }
  return ecosystem === 'golang' ? parseGoSymbol(text, bare, packages) : parseDottedSymbol(text, bare);
}

function parseGoSymbol(text: string, bare: string, packages: readonly string[]): VulnerableSymbol | undefined {
  let scope = packages.filter((path) => bare.startsWith(`${path}.`)).sort((a, b) => b.length - a.length)[0];
  let rest = scope === undefined ? bare : bare.slice(scope.length + 1);
  if (scope === undefined && bare.includes('/')) {
    // Without the package list, the import path ends with its last element, which may itself hold dots for a
    // major version or a `.go` suffix (`gopkg.in/yaml.v3`, `github.com/nats-io/nats.go`).
    const cut = bare.lastIndexOf('/');
    const segments = bare.slice(cut + 1).split('.');
    let kept = 1;
    while (kept < segments.length - 1 && /^(?:v\d+|go)$/.test(segments[kept]!)) {
      kept++;
    }
    scope = `${bare.slice(0, cut + 1)}${segments.slice(0, kept).join('.')}`;
    rest = segments.slice(kept).join('.');
  }
  const parts = rest.replace(/^\(\s*\*?\s*([^)]+?)\s*\)/, '$1').split('.').filter(Boolean);
  const name = parts.at(-1);
  if (name === undefined) {
    return undefined;
  }
  const symbol: VulnerableSymbol = { text, name };
  if (scope !== undefined) {
    symbol.scope = scope;
  }
  if (parts.length >= 2) {
    symbol.receiver = parts.at(-2)!.replace(/^\*/, '');
  }
  return symbol;
}

function parseDottedSymbol(text: string, bare: string): VulnerableSymbol | undefined {
  let scope: string | undefined;
  let rest = bare.replace(/::/g, '.');
  const colon = rest.indexOf(':');
  if (colon > 0) {
    scope = rest.slice(0, colon); // `pkg:Class#method`
    rest = rest.slice(colon + 1);
  }
  const [path = '', method] = rest.split('#');
  const segments = path.split('.').filter((segment) => segment !== '' && segment !== 'prototype');
  if (method !== undefined && method !== '') {
    segments.push(method);
  }
  const name = segments.pop();
  if (name === undefined) {
    return undefined;
  }
  const symbol: VulnerableSymbol = { text, name };
  const before = segments.at(-1);
  if (before !== undefined && (method !== undefined || isClassLike(before))) {
    symbol.receiver = segments.pop();
  }
  const within = [scope, segments.join('.')].filter(Boolean).join('.');
  if (within !== '') {
    symbol.scope = within;
  }
  return symbol;
}

/** Classes and types are capitalised by convention in every ecosystem read here; modules and packages are not. */
export function isClassLike(name: string): boolean {
  return /^[A-Z]/.test(name);
}
