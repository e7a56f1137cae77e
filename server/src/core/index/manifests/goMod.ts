import type { Parsed, ParseProblem } from '../../model/dependency';
import type { Range } from '../../model/location';

/** A `require` line of go.mod. */
export interface GoRequire {
  module: string;
  /** As written, with its `v` prefix (`v1.9.1`, `v0.0.0-20231010123456-abcdef123456`). */
  version: string;
  /** Marked `// indirect`: needed by the build but not imported by this module's own packages. */
  isIndirect: boolean;
  range: Range;
}

/** A `replace` directive: what is built instead of a module (at one version, or at all versions). */
export interface GoReplace {
  module: string;
  /** Only this version is replaced; undefined replaces every version. */
  version?: string;
  /** A module path and version, or a local directory (`../shared`) when `version` is undefined. */
  replacement: { module: string; version: string } | { localPath: string };
  range: Range;
}

/** A parsed go.mod. `exclude` and `retract` are read but not kept: they do not change what the listed versions are. */
export interface GoMod {
  path: string;
  module?: string;
  /** The `go` directive (`1.21`); decides whether go.mod lists every module of the build (1.17+). */
  goVersion?: string;
  requires: GoRequire[];
  replaces: GoReplace[];
}

const knownVerbs = new Set(['module', 'go', 'toolchain', 'godebug', 'require', 'replace', 'exclude', 'retract', 'tool', 'ignore']);

/**
 * Parses go.mod: single-line and block (`require ( … )`) directives, `//` comments, quoted paths, `// indirect`
 * markers. Never throws; unreadable lines become problems and the rest is kept.
 */
export function parseGoMod(text: string, path: string): Parsed<GoMod> {
  const problems: ParseProblem[] = [];
  const result: GoMod = { path, requires: [], replaces: [] };
  let block: string | undefined;
  text.split('\n').forEach((rawLine, lineNumber) => {
    const line = rawLine.replace(/\r$/, '');
    const commentStart = commentOffset(line);
    const code = (commentStart < 0 ? line : line.slice(0, commentStart)).trim();
    const comment = commentStart < 0 ? '' : line.slice(commentStart + 2).trim();
    if (code === '') {
      return;
    }
    const indent = line.length - line.trimStart().length;
    const range: Range = { start: { line: lineNumber, character: indent }, end: { line: lineNumber, character: line.trimEnd().length } };
    if (block !== undefined) {
      if (code === ')') {
        block = undefined;
      } else {
        directive(block, tokenize(code), comment, range);
      }
      return;
    }
    const tokens = tokenize(code);
    const verb = tokens[0] ?? '';
    if (!knownVerbs.has(verb)) {
      problems.push({ path, message: `Unknown go.mod directive "${verb}"`, range });
    } else if (tokens[1] === '(' && tokens.length === 2) {
      block = verb;
    } else {
      directive(verb, tokens.slice(1), comment, range);
    }
  });
  if (block !== undefined) {
    problems.push({ path, message: `Unclosed ${block} block` });
  }
  return { value: result, problems };

  function directive(verb: string, args: string[], comment: string, range: Range): void {
    const bad = (expected: string): void => {
      problems.push({ path, message: `Malformed ${verb}: expected ${expected}`, range });
    };
    switch (verb) {
      case 'module':
        if (args.length === 1) {
          result.module = args[0];
        } else {
          bad('a module path');
        }
        break;
      case 'go':
        result.goVersion = args[0];
        break;
      case 'require':
        if (args.length === 2) {
          result.requires.push({ module: args[0]!, version: args[1]!, isIndirect: /^indirect\b/.test(comment), range });
        } else {
          bad('module path and version');
        }
        break;
      case 'replace': {
        const arrow = args.indexOf('=>');
        const from = args.slice(0, arrow);
        const to = args.slice(arrow + 1);
        if (arrow < 1 || from.length > 2 || to.length < 1 || to.length > 2) {
          bad('`module [version] => replacement [version]`');
        } else if (to.length === 2) {
          result.replaces.push({ module: from[0]!, version: from[1], replacement: { module: to[0]!, version: to[1]! }, range });
        } else if (isLocalPath(to[0]!)) {
          result.replaces.push({ module: from[0]!, version: from[1], replacement: { localPath: to[0]! }, range });
        } else {
          bad('a version after a module replacement, or a local path starting with ./ or ../');
        }
        break;
      }
      default:
        // exclude, retract, toolchain, godebug, tool, ignore: nothing they say changes the listed versions.
        break;
    }
  }
}

/** Offset of a `//` comment outside quoted strings, or -1. */
function commentOffset(line: string): number {
  let inQuote: string | undefined;
  for (let index = 0; index < line.length; index++) {
    const char = line[index]!;
    if (inQuote) {
      if (char === '\\' && inQuote === '"') {
        index++;
      } else if (char === inQuote) {
        inQuote = undefined;
      }
    } else if (char === '"' || char === '`') {
      inQuote = char;
    } else if (char === '/' && line[index + 1] === '/') {
      return index;
    }
  }
  return -1;
}

/** Whitespace-separated tokens; `"quoted"` and `` `raw` `` strings are unquoted; `(`, `)` and `=>` stand alone. */
function tokenize(code: string): string[] {
  const tokens: string[] = [];
  const pattern = /"((?:[^"\\]|\\.)*)"|`([^`]*)`|=>|[()]|[^\s()"`=]+(?:=(?!>)[^\s()"`=]*)*/g;
  for (const match of code.matchAll(pattern)) {
    tokens.push(match[1] !== undefined ? match[1].replace(/\\(.)/g, '$1') : (match[2] ?? match[0]));
  }
  return tokens;
}

/** go.mod's rule: a replacement without a version must be a directory path, written starting with `./`, `../` or `/`. */
function isLocalPath(target: string): boolean {
  return /^(\.\.?(\/|\\|$)|\/|[A-Za-z]:[\\/])/.test(target);
}
