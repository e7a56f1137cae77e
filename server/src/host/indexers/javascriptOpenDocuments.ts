import { importsFromMatches, javascriptImportQuery, type JavaScriptGrammar } from '../../core/index/imports/javascript';
import type { ImportFact } from '../../core/model/importFact';
import type { CallCandidate, ValueFact } from '../../core/index/imports/callsOnValues';
import { javascriptSymbolQuery, readJavascriptSymbols, resolveJavascriptCalls } from '../../core/index/imports/javascriptValues';
import { configLoadsThrough, javascriptConfigCandidates, javascriptConfigQuery, type ConfigCandidate } from '../../core/index/imports/javascriptConfigLoads';
import { hasRoutingFacts } from '../../core/index/routes/mergeFileRoutes';
import type { FileRoutes } from '../../core/model/fileRoutes';
import { isImportEditUnrouted, javascriptRouteQuery, mayDeclareRoutes, moduleBindingsOf, readFileRoutes, type ModuleBindings, type RoutingDependencies } from '../../core/index/routes/javascriptRoutes';
import { namesFunction, shiftFileRoutes } from '../../core/index/routes/jsModules';
import { shiftIndex, shiftRange, type TextSplice } from '../../core/index/textSplice';
import type { FileFacts } from '../../core/model/fileFacts';
import type { QueryMatch } from '../../core/model/syntax';
import { isTestPath } from '../../core/model/workspaceIndex';
import type { OpenDocumentFacts } from '../../engine/ports';
import type { IndexSpan, OpenDocumentTree, TreeSitterHost } from '../treeSitterHost';

/** The facts read from one top-level statement of a document (comments have none). */
interface Segment extends IndexSpan {
  imports: ImportFact[];
  /** Every call as written, and the declarations that tell what receivers hold, before resolving against the file's imports. */
  callCandidates: CallCandidate[];
  values: ValueFact[];
  /** Configuration a loader may act on, before narrowing to the file's bindings. */
  configCandidates: ConfigCandidate[];
  /** What the routing query captures in the statement, declarator names left out (see {@link routingSignature}); unset until read. */
  routing?: string;
  /** Set with {@link routing} when the statement is an import statement: what it binds and loads. */
  moduleBindings?: ModuleBindings;
}

interface OpenDocument {
  grammar: JavaScriptGrammar;
  /** The text the facts were read from (kept by reference: the host keeps it too). */
  text: string;
  /** One per top-level statement other than comments; sorted, disjoint. */
  segments: Segment[];
  withRoutes: boolean;
  routeFile?: FileRoutes;
  /** What the routing facts depend on among the module bindings, as of their last reading. */
  routingDependencies?: RoutingDependencies;
  /** The routing facts were only moved with the last edits and must be read again ({@link settle}). */
  isRouteFileStale: boolean;
}

/**
 * The facts of open JavaScript-family documents, kept per top-level statement so that an edit re-reads only the
 * statements it touched: the tree is re-parsed incrementally, imports and call sites are queried in the changed
 * statements only, and the facts of the other statements move with the edit. Routing facts join statements
 * across the file (a handler is looked up by name, a router declared in one statement is mounted in another), so
 * an edit of any statement other than a comment moves them and flags them stale; {@link settle} reads them again
 * from the whole tree (the server does so right after publishing).
 */
export class JavaScriptOpenDocuments {
  private readonly documents = new Map<string, OpenDocument>();
  /** Prefix of this indexer's keys for the host's kept trees (see TreeSitterHost.documentScope). */
  private readonly scope: string;

  constructor(
    private readonly host: TreeSitterHost,
    scope?: string,
  ) {
    this.scope = scope ?? host.documentScope();
  }

  async index(path: string, grammar: JavaScriptGrammar, text: string): Promise<OpenDocumentFacts> {
    return this.host.withOpenDocument(this.scope + path, grammar, text, (tree) => factsOf(this.update(path, grammar, text, tree)));
  }

  /** Reads the routing facts of a document again when its last edits left them stale; undefined when they were not. */
  async settle(path: string, text: string): Promise<OpenDocumentFacts | undefined> {
    const known = this.documents.get(path);
    if (!known?.isRouteFileStale) {
      return undefined;
    }
    return this.host.withOpenDocument(this.scope + path, known.grammar, text, (tree) => {
      const document = this.update(path, known.grammar, text, tree); // the text may have moved on since
      if (document.isRouteFileStale) {
        this.readRoutes(path, document, tree);
      }
      return factsOf(document);
    });
  }

  release(path: string): void {
    this.documents.delete(path);
    this.host.releaseOpenDocument(this.scope + path);
  }

  /** Brings the document's facts to the tree's text: by the edit when there is one, else read whole. */
  private update(path: string, grammar: JavaScriptGrammar, text: string, tree: OpenDocumentTree): OpenDocument {
    const known = this.documents.get(path);
    let document: OpenDocument;
    if (known?.grammar === grammar && tree.changed.length === 0) {
      document = known; // the same text again
    } else {
      const withRoutes = !isTestPath(path) && mayDeclareRoutes(text);
      // Forgotten first: if reading fails, the kept tree has moved on already and the old facts no longer match it.
      this.documents.delete(path);
      document = known?.grammar === grammar && tree.splice ? this.applyEdit(path, known, text, tree, tree.splice, withRoutes) : this.readWhole(path, grammar, text, tree, withRoutes);
    }
    this.documents.set(path, document);
    return document;
  }

  private readWhole(path: string, grammar: JavaScriptGrammar, text: string, tree: OpenDocumentTree, withRoutes: boolean): OpenDocument {
    const whole = { startIndex: tree.root.startIndex, endIndex: Math.max(tree.root.endIndex, tree.root.startIndex + 1) };
    const document: OpenDocument = { grammar, text, segments: this.readSegments(path, grammar, tree, whole), withRoutes, isRouteFileStale: false };
    this.readRoutes(path, document, tree);
    return document;
  }

  private applyEdit(path: string, document: OpenDocument, text: string, tree: OpenDocumentTree, splice: TextSplice, withRoutes: boolean): OpenDocument {
    const delta = splice.newEndIndex - splice.oldEndIndex;
    // Old and new text agree before the splice, and after it up to the shift. The span grows until it covers whole
    // statements of both trees: error recovery can regroup statements around the edit differently.
    const statements = tree.root.children; // read once: each read of a node's children builds them all again
    let span = statementSpan(statements, tree.changed);
    let oldSpan = { startIndex: span.startIndex, endIndex: span.endIndex - delta };
    for (;;) {
      const overlapping = document.segments.filter((segment) => segment.endIndex > oldSpan.startIndex && segment.startIndex < oldSpan.endIndex);
      const covered = {
        startIndex: Math.min(span.startIndex, ...overlapping.map((segment) => shiftIndex(segment.startIndex, splice, 'start'))),
        endIndex: Math.max(span.endIndex, ...overlapping.map((segment) => shiftIndex(segment.endIndex, splice, 'end'))),
      };
      const grown = statementSpan(statements, [covered]);
      if (grown.startIndex === span.startIndex && grown.endIndex === span.endIndex) {
        break;
      }
      span = grown;
      oldSpan = { startIndex: span.startIndex, endIndex: span.endIndex - delta };
    }
    const before = document.segments.filter((segment) => segment.endIndex <= oldSpan.startIndex);
    const replaced = document.segments.filter((segment) => segment.endIndex > oldSpan.startIndex && segment.startIndex < oldSpan.endIndex);
    // An edit within one line leaves every later line where it was: the facts of statements below it stay as they are.
    const lineEnd = document.text.indexOf('\n', splice.oldEndIndex);
    const isWithinLine = lineEnd >= 0 && splice.startPosition.row === splice.oldEndPosition.row && splice.oldEndPosition.row === splice.newEndPosition.row;
    const after = document.segments
      .filter((segment) => segment.startIndex >= oldSpan.endIndex)
      .map((segment) => (isWithinLine && segment.startIndex > lineEnd ? { ...segment, startIndex: segment.startIndex + delta, endIndex: segment.endIndex + delta } : shiftSegment(segment, splice, delta)));
    const read = this.readSegments(path, document.grammar, tree, span, statements);
    const touchesRoutes =
      withRoutes !== document.withRoutes ||
      ((replaced.length > 0 || read.length > 0) &&
        !isCommentLinesEdit(document.text, text, splice, tree) &&
        !this.isUnroutedImportEdit(document, replaced, read, tree, text) &&
        !this.isUnroutedRename(document, replaced, read, tree, splice, text));
    return {
      grammar: document.grammar,
      text,
      segments: [...before, ...read, ...after],
      withRoutes,
      routeFile: withRoutes && document.routeFile ? shiftFileRoutes(document.routeFile, splice) : undefined,
      isRouteFileStale: withRoutes && (document.isRouteFileStale || touchesRoutes),
      ...(document.routingDependencies ? { routingDependencies: document.routingDependencies } : {}),
    };
  }

  /** Reads the top-level statements within `span` (which starts and ends on statement boundaries). */
  private readSegments(path: string, grammar: JavaScriptGrammar, tree: OpenDocumentTree, span: IndexSpan, children = tree.root.children): Segment[] {
    const statements = children.filter((child): child is NonNullable<typeof child> => child !== null && child.endIndex > span.startIndex && child.startIndex < span.endIndex);
    const segments = statements
      .filter((statement) => statement.type !== 'comment' && statement.type !== 'hash_bang_line')
      .map((statement) => ({ startIndex: statement.startIndex, endIndex: statement.endIndex, importMatches: [] as QueryMatch[], callMatches: [] as QueryMatch[], configMatches: [] as QueryMatch[] }));
    for (const match of tree.matches(javascriptImportQuery(grammar), span)) {
      statementAt(segments, match.captures[0]?.node.startIndex ?? -1)?.importMatches.push(match);
    }
    for (const match of tree.matches(javascriptSymbolQuery(grammar), span)) {
      statementAt(segments, match.captures[0]?.node.startIndex ?? -1)?.callMatches.push(match);
    }
    for (const match of tree.matches(javascriptConfigQuery, span)) {
      statementAt(segments, match.captures[0]?.node.startIndex ?? -1)?.configMatches.push(match);
    }
    return segments.map(({ importMatches, callMatches, configMatches, ...segment }) => ({
      ...segment,
      imports: importsFromMatches(path, importMatches),
      ...readSegmentSymbols(path, callMatches),
      configCandidates: javascriptConfigCandidates(path, configMatches),
    }));
  }

  private readRoutes(path: string, document: OpenDocument, tree: OpenDocumentTree): void {
    const matches = document.withRoutes ? tree.matches(javascriptRouteQuery(document.grammar)) : [];
    const read = document.withRoutes ? readFileRoutes(path, matches) : undefined;
    document.routeFile = read && hasRoutingFacts(read.routes) ? read.routes : undefined;
    document.routingDependencies = read?.dependencies;
    document.isRouteFileStale = false;
    setRoutingSignatures(document.segments, matches, document.text);
  }

  /**
   * Whether an edit only added, removed or changed import statements that the routing facts cannot see (see
   * isImportEditUnrouted), such as an import of a package function that no routing statement names. Statements the
   * edit re-read with the same text (a deleted line's neighbour) must read the same.
   */
  private isUnroutedImportEdit(document: OpenDocument, replaced: readonly Segment[], read: Segment[], tree: OpenDocumentTree, text: string): boolean {
    const dependencies = document.routingDependencies;
    if (!dependencies || document.isRouteFileStale) {
      return false;
    }
    const isSame = (old: Segment, now: Segment): boolean => document.text.slice(old.startIndex, old.endIndex) === text.slice(now.startIndex, now.endIndex);
    let first = 0;
    while (first < replaced.length && first < read.length && isSame(replaced[first]!, read[first]!)) {
      first++;
    }
    let last = 0;
    while (last < replaced.length - first && last < read.length - first && isSame(replaced[replaced.length - 1 - last]!, read[read.length - 1 - last]!)) {
      last++;
    }
    const [oldImports, newImports] = [replaced.slice(first, replaced.length - last), read.slice(first, read.length - last)];
    if (oldImports.some((segment) => !segment.moduleBindings) || newImports.some((segment) => !text.startsWith('import', segment.startIndex))) {
      return false;
    }
    if (read.length > 0) {
      setRoutingSignatures(read, tree.matches(javascriptRouteQuery(document.grammar), { startIndex: read[0]!.startIndex, endIndex: read.at(-1)!.endIndex }), text);
    }
    const kept = [...read.slice(0, first), ...read.slice(read.length - last)];
    const keptBefore = [...replaced.slice(0, first), ...replaced.slice(replaced.length - last)];
    if (kept.some((segment, at) => segment.routing === undefined || segment.routing !== keptBefore[at]!.routing)) {
      return false;
    }
    const statements = [...oldImports, ...newImports].map((segment) => segment.moduleBindings);
    return statements.every((bindings) => bindings !== undefined) && isImportEditUnrouted(dependencies, statements as ModuleBindings[]);
  }

  /**
   * Whether an edit only renamed a plain variable (`const total` → `const totals`), which cannot change routing:
   * routing reads a declarator's name only when its value creates a router (it did not, and the value is the same),
   * or when the value holds a function (keyed by the name, see namesFunction), binds a module or is exported, none of which is taken
   * for a rename here; calls resolve their receivers through routers, parameters and imports, none of which a plain
   * variable's name is. Everything else the routing query captures in the edited statements must read the same.
   */
  private isUnroutedRename(document: OpenDocument, replaced: readonly Segment[], read: Segment[], tree: OpenDocumentTree, splice: TextSplice, text: string): boolean {
    if (!document.withRoutes || document.isRouteFileStale || replaced.length === 0 || replaced.some((segment) => segment.routing === undefined)) {
      return false;
    }
    // The identifier around the new text; after a deletion, the character before it.
    const at = splice.newEndIndex > splice.startIndex ? splice.startIndex : Math.max(0, splice.startIndex - 1);
    const renamed = tree.root.descendantForIndex(at, Math.max(at, splice.newEndIndex - 1));
    const declarator = renamed?.parent;
    if (renamed?.type !== 'identifier' || declarator?.type !== 'variable_declarator' || declarator.childForFieldName('name')?.id !== renamed.id) {
      return false;
    }
    const oldName = document.text.slice(renamed.startIndex, renamed.endIndex - (splice.newEndIndex - splice.oldEndIndex));
    if (!/^[A-Za-z_$][\w$]*$/.test(oldName) || reservedWords.has(oldName) || splice.startIndex < renamed.startIndex || splice.newEndIndex > renamed.endIndex) {
      return false;
    }
    // Functions are keyed by the variable they are assigned to (through wrappers too): handlers, plugins, installers.
    // An exported variable is exported by its name.
    if (namesFunction(declarator) || declarator.parent?.parent?.type === 'export_statement') {
      return false;
    }
    // The variable must not be a router: routers are recorded at their declarator, or by name (a second one of a name).
    const start = declarator.startPosition;
    const isRouter = (router: { name: string; range: { start: { line: number; character: number } } }): boolean =>
      (router.range.start.line === start.row && router.range.start.character === start.column) || router.name === oldName || router.name.startsWith(`${oldName}@`);
    if (document.routeFile?.routers.some(isRouter)) {
      return false;
    }
    const span = { startIndex: read[0]?.startIndex ?? splice.startIndex, endIndex: read.at(-1)?.endIndex ?? splice.newEndIndex };
    const matches = tree.matches(javascriptRouteQuery(document.grammar), span);
    setRoutingSignatures(read, matches, text);
    // A module loaded into the variable (`const x = require('y')`, `await import('y')`) is bound by its name.
    const bindsModule = matches.some((match) => match.captures.some(({ name, node }) => name.startsWith('mod.') && node.startIndex >= declarator.startIndex && node.endIndex <= declarator.endIndex));
    return !bindsModule && read.map((segment) => segment.routing).join('\0') === replaced.map((segment) => segment.routing).join('\0');
  }

}

/**
 * A statement after the edit, moved with it. Written out field by field rather than with the generic
 * `shiftRangesIn`: every statement after an edit moves, and this runs on each keystroke.
 */
function shiftSegment(segment: Segment, splice: TextSplice, delta: number): Segment {
  return {
    startIndex: segment.startIndex + delta,
    endIndex: segment.endIndex + delta,
    imports: segment.imports.map((fact) => ({ ...fact, range: shiftRange(fact.range, splice) })),
    callCandidates: segment.callCandidates.map((candidate) => ({ ...candidate, range: shiftRange(candidate.range, splice) })),
    values: segment.values.map((value) => (value.scope ? { ...value, range: shiftRange(value.range, splice), scope: shiftRange(value.scope, splice) } : { ...value, range: shiftRange(value.range, splice) })),
    configCandidates: segment.configCandidates.map((candidate) => ({ ...candidate, range: shiftRange(candidate.range, splice) })),
    ...(segment.routing !== undefined ? { routing: segment.routing } : {}),
    ...(segment.moduleBindings ? { moduleBindings: segment.moduleBindings } : {}),
  };
}

/** Words that cannot name a variable: an edit that makes one is not a rename. */
const reservedWords = new Set(['break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do', 'else', 'enum', 'export', 'extends', 'false', 'finally', 'for', 'function', 'if', 'import', 'in', 'instanceof', 'new', 'null', 'return', 'super', 'switch', 'this', 'throw', 'true', 'try', 'typeof', 'var', 'void', 'while', 'with', 'let', 'static', 'yield', 'await', 'implements', 'interface', 'package', 'private', 'protected', 'public']);

/**
 * Captures whose text a rename may change without changing routing: a declarator's name (and the declarator, whose
 * text holds it), and a whole exported declaration (what it exports is its own name, which a rename of an exported
 * variable would change: those are not taken for renames).
 */
const unreadTexts = new Set(['rt.name', 'rt.declarator', 'mod.export']);

/**
 * Sets each statement's routing signature from the routing query's matches over them: every capture by name and
 * text, except those of {@link unreadTexts}. A match is counted in every statement one of its captures starts in.
 * An import statement (the whole statement of a module binding, and nothing else matched in it) also gets its bindings.
 */
function setRoutingSignatures(segments: Segment[], matches: readonly QueryMatch[], text: string): void {
  const pieces = new Map<Segment, string[]>(segments.map((segment) => [segment, []]));
  const imports = new Map<Segment, QueryMatch[]>();
  for (const match of matches) {
    const piece = `${match.patternIndex}:${match.captures.map(({ name, node }) => (unreadTexts.has(name) ? name : `${name}=${text.slice(node.startIndex, node.endIndex)}`)).join('\u0001')}`;
    const holders = new Set(match.captures.map(({ node }) => statementAt(segments, node.startIndex)));
    for (const segment of holders) {
      if (segment) {
        pieces.get(segment)!.push(piece);
      }
    }
    const statement = match.captures.find(({ name }) => name === 'mod.import' || name === 'mod.import-equals')?.node;
    const holder = statement ? statementAt(segments, statement.startIndex) : undefined;
    if (statement && holder && statement.startIndex === holder.startIndex && statement.endIndex === holder.endIndex) {
      imports.set(holder, [...(imports.get(holder) ?? []), match]);
    }
  }
  for (const [segment, list] of pieces) {
    segment.routing = list.join('\u0002');
    const own = imports.get(segment);
    if (own?.length === list.length) {
      segment.moduleBindings = moduleBindingsOf(own);
    } else {
      delete segment.moduleBindings;
    }
  }
}

/** A line that holds only a `//` comment (that cannot end a block comment), or nothing. */
const commentOrBlankLine = /^[ \t]*(?:\/\/(?:(?!\*\/).)*)?\r?$/;

/**
 * Where a line comment is just a comment: between the statements of a block, a class body, the program or a `switch`,
 * and between the members of an interface or enum (types and enums, which routing never reads).
 */
const statementLists = new Set(['program', 'statement_block', 'class_body', 'switch_body', 'switch_case', 'interface_body', 'enum_body']);

/**
 * Whether an edit only added or removed whole `//` comment lines (or blank lines) between statements: then the
 * routing facts just move with it. Old and new text agree outside the splice, so the lines around it are compared
 * with comment and blank lines left out, and in the new tree every line start of the edited lines must lie directly
 * in a statement list (not in a string, a template, an argument list or an object, where such a line is text or a
 * child that routing reads).
 */
function isCommentLinesEdit(before: string, after: string, splice: TextSplice, tree: OpenDocumentTree): boolean {
  const lineStart = after.lastIndexOf('\n', splice.startIndex - 1) + 1;
  const nextBreak = after.indexOf('\n', splice.newEndIndex);
  const tail = nextBreak === -1 ? after.length - splice.newEndIndex : nextBreak + 1 - splice.newEndIndex;
  const code = (lines: string): string[] => lines.split('\n').filter((line) => !commentOrBlankLine.test(line));
  const removed = before.slice(lineStart, splice.oldEndIndex + tail);
  const added = after.slice(lineStart, splice.newEndIndex + tail);
  const kept = code(added);
  const old = code(removed);
  if (kept.length !== old.length || kept.some((line, at) => line !== old[at])) {
    return false;
  }
  for (let at = lineStart; at < lineStart + added.length; at = after.indexOf('\n', at) + 1) {
    const around = at === 0 ? tree.root : tree.root.descendantForIndex(at - 1, at);
    if (!around || !statementLists.has(around.type)) {
      return false;
    }
    if (after.indexOf('\n', at) === -1) {
      break;
    }
  }
  return true;
}

/**
 * The smallest run of whole top-level statements covering every changed span. A statement that ends where the
 * change starts is included (text appended to a statement belongs to it); one that starts where the change ends is
 * not (a line inserted before a statement leaves it as it was; tree-sitter's changed ranges cover any real change).
 */
function statementSpan(statements: readonly (IndexSpan | null)[], changed: readonly IndexSpan[]): IndexSpan {
  let startIndex = Math.min(...changed.map((span) => span.startIndex));
  let endIndex = Math.max(...changed.map((span) => span.endIndex));
  for (const child of statements) {
    if (child && (child.startIndex < endIndex || child.startIndex <= startIndex) && child.endIndex >= startIndex) {
      startIndex = Math.min(startIndex, child.startIndex);
      endIndex = Math.max(endIndex, child.endIndex);
    }
  }
  return { startIndex, endIndex };
}

function factsOf(document: OpenDocument): OpenDocumentFacts {
  const imports = document.segments.flatMap((segment) => segment.imports);
  const candidates = document.segments.flatMap((segment) => segment.callCandidates);
  const configLoads = configLoadsThrough(document.segments.flatMap((segment) => segment.configCandidates), imports);
  const facts: FileFacts = { imports: [...imports, ...configLoads], calls: resolveJavascriptCalls(candidates, document.segments.flatMap((segment) => segment.values), imports) };
  if (document.routeFile) {
    facts.routeFile = document.routeFile;
  }
  return { facts, isSettled: !document.isRouteFileStale };
}

/** The statement holding an index, by binary search over sorted, disjoint statements. */
function statementAt<T extends IndexSpan>(statements: readonly T[], index: number): T | undefined {
  let low = 0;
  let high = statements.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const statement = statements[middle]!;
    if (index < statement.startIndex) {
      high = middle - 1;
    } else if (index >= statement.endIndex) {
      low = middle + 1;
    } else {
      return statement;
    }
  }
  return undefined;
}

function readSegmentSymbols(path: string, matches: readonly QueryMatch[]): { callCandidates: CallCandidate[]; values: ValueFact[] } {
  const { candidates, values } = readJavascriptSymbols(path, matches);
  return { callCandidates: candidates, values };
}
