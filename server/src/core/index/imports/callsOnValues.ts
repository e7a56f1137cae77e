import type { Position, Range } from '../../model/location';
import type { ImportFact } from '../../model/importFact';
import type { CallFact } from '../../model/symbolFacts';

// Calls on values, for languages whose variables carry no declared type (JavaScript, Python) or an optional one
// (TypeScript): the language readers say what each name holds relative to other names (`ValueFact`) and how each
// call's receiver is written (`CallCandidate`); `resolveCallsOnValues` follows names to the file's import bindings.

/**
 * What a name holds, as far as a JavaScript-family file tells: relative to another name `binding` (an import
 * binding, or a name resolved further), with an optional `member` path (`lib.Sanitizer`, `y.load`).
 */
export type ValueOrigin =
  /** An instance: `new Sanitizer()`, `new lib.Sanitizer()`, or a TypeScript annotation `: Sanitizer`. */
  | { kind: 'instance'; binding: string; member?: string }
  /** The same thing under another name: `const y2 = yaml`, `const f = y.load`, `const { load } = y`. */
  | { kind: 'alias'; binding: string; member?: string }
  /** What a call returns: `lib.create()`, `create()`. */
  | { kind: 'result'; binding: string; member?: string }
  /** Known not to come from a package (a literal, a function, a first-party class, a built-in type). */
  | { kind: 'other' }
  /** Bound by an import or `require` (the import facts say which package, if a third-party one). */
  | { kind: 'module' }
  | { kind: 'unknown' };

/**
 * A declaration of a name, from one statement (open documents keep them per top-level statement): `name` is the
 * local name, or `this.field` for a class field; `scope` the function or class body holding it (absent: the file).
 * Ranges rather than indices, so that facts move with edits like every other fact.
 */
export interface ValueFact {
  name: string;
  value: ValueOrigin;
  scope?: Range;
  range: Range;
}

/** The receiver of a call as written, before it is resolved against the file's imports and values. */
export type ReceiverShape =
  | { kind: 'name'; name: string }
  /** A field of the instance a method runs on (`this.x`, Python `self.x`), as written in `text`. */
  | { kind: 'this'; field: string; text: string }
  | { kind: 'value'; value: ValueOrigin; text: string }
  /** An import binding itself, written as an expression (`require('y')` is the binding `require('y')`). */
  | { kind: 'binding'; local: string }
  | { kind: 'opaque'; text: string };

/** A call as written: `name` is the member or function; `receiver` absent for a plain call. */
export interface CallCandidate {
  name: string;
  receiver?: ReceiverShape;
  written: string;
  isNew: boolean;
  path: string;
  range: Range;
  /** `range.start`, given apart by a reader that reads the rest of the range (and `written`) only for a fact. */
  start?: Position;
}

/** The origin `kind` relative to a dotted path: `lib.Sanitizer` → binding `lib`, member `Sanitizer`. */
export function originAt(kind: 'instance' | 'alias' | 'result', path: string): ValueOrigin {
  const dot = path.indexOf('.');
  return dot < 0 ? { kind, binding: path } : { kind, binding: path.slice(0, dot), member: path.slice(dot + 1) };
}

/** Values chained through at most this many names (`a = b; b = c; …`). */
const maxAliasSteps = 8;

/**
 * Resolves the call candidates of a file against its import bindings and value declarations: a call through a
 * binding (`_.template(…)`, `template(…)`, `new Client(…)`, `require('y').fn(…)`, `yaml.load(…)`) keeps its shape; a call on a
 * value is recorded on the binding the value comes from, with its receiver (`s.clean()` after
 * `const s = new Sanitizer()` → `Sanitizer.clean`, typed; `f()` after `const f = y.load` → `y.load` via `f`;
 * `c.clean()` after `const c = lib.create()` → a result of `lib.create`). Method calls on names the file does not
 * tell (parameters; `builtins` left aside) give one `unknown` fact per method name. Names are scoped by function and
 * class body; within one scope, the last declaration before the call wins.
 */
export function resolveCallsOnValues(candidates: readonly CallCandidate[], values: readonly ValueFact[], imports: readonly ImportFact[], builtins: ReadonlySet<string> = new Set()): CallFact[] {
  const bindings = new Set(imports.flatMap((fact) => fact.bindings ?? []).map((binding) => binding.local));
  if (bindings.size === 0) {
    return [];
  }
  const resolver = new CallResolver(bindings, new ValueScope(values), builtins);
  for (const candidate of candidates) {
    resolver.resolve(candidate);
  }
  return resolver.calls;
}

/** Resolves one file's call candidates in order (see {@link resolveCallsOnValues}), collecting the facts. */
class CallResolver {
  readonly calls: CallFact[] = [];
  /** The one `unknown` fact of each method name; later calls only count. */
  private readonly unknownByName = new Map<string, { receiver: { count: number } }>();

  constructor(
    private readonly bindings: ReadonlySet<string>,
    private readonly scope: ValueScope,
    private readonly builtins: ReadonlySet<string>,
  ) {}

  resolve(candidate: CallCandidate): void {
    const receiver = candidate.receiver;
    const position = candidate.start ?? candidate.range.start;
    if (!receiver) {
      this.resolvePlainCall(candidate, position);
      return;
    }
    switch (receiver.kind) {
      case 'binding':
        this.calls.push({ object: receiver.local, name: candidate.name, path: candidate.path, range: candidate.range });
        break;
      case 'name':
        this.resolveCallOnName(candidate, receiver.name, position);
        break;
      case 'this': {
        const fact = this.scope.lookup(`this.${receiver.field}`, position);
        if (fact) {
          this.onValue(candidate, fact.value, receiver.text, fact.range.start.line, fact.range.start);
        } else {
          this.noteUnknown(candidate, receiver.text);
        }
        break;
      }
      case 'value':
        this.onValue(candidate, receiver.value, receiver.text, position.line, position);
        break;
      default:
        this.noteUnknown(candidate, receiver.text);
    }
  }

  /** A plain call: of a binding, or of a name that stands for one (`f()` after `const f = y.load`). */
  private resolvePlainCall(candidate: CallCandidate, position: Position): void {
    const fact = unlessModule(this.scope.lookup(candidate.name, position));
    if (!fact && this.bindings.has(candidate.name)) {
      this.calls.push({ name: candidate.name, path: candidate.path, range: candidate.range });
    } else if (fact?.value.kind === 'alias') {
      const bound = this.bindingOf(fact.value.binding, fact.range.start, fact.value.member);
      if (bound) {
        const path = bound.member ? `${bound.binding}.${bound.member}` : bound.binding;
        const cut = path.lastIndexOf('.');
        const callee = cut < 0 ? { name: path } : { object: path.slice(0, cut), name: path.slice(cut + 1) };
        this.calls.push({ ...callee, written: candidate.written, receiver: { how: 'alias', text: candidate.name, line: fact.range.start.line }, path: candidate.path, range: candidate.range });
      }
    }
  }

  /** A call on a (dotted) name: a binding's member, a value the file declares, or a parameter or global it does not tell. */
  private resolveCallOnName(candidate: CallCandidate, name: string, position: Position): void {
    const root = name.split('.')[0]!;
    const found = this.scope.lookup(root, position);
    const fact = unlessModule(found);
    if (!fact && this.boundPrefix(name)) {
      this.calls.push({ object: name, name: candidate.name, path: candidate.path, range: candidate.range });
    } else if (fact) {
      const value: ValueOrigin = name === root ? fact.value : fact.value.kind === 'alias' ? { kind: 'alias', binding: fact.value.binding, member: joinMembers(fact.value.member, name.slice(root.length + 1)) } : { kind: 'unknown' };
      this.onValue(candidate, value, name, fact.range.start.line, fact.range.start);
    } else if (!found && !candidate.isNew && !this.builtins.has(root)) {
      this.noteUnknown(candidate, name); // a parameter or a global: its type is not told
    }
  }

  /** The longest binding a dotted path starts with (`import a.b.c` binds `a.b.c`), with the rest of the path. */
  private boundPrefix(path: string): { binding: string; member?: string } | undefined {
    for (let end = path.length; end > 0; end = path.lastIndexOf('.', end - 1)) {
      const head = path.slice(0, end);
      if (this.bindings.has(head)) {
        return { binding: head, ...(end < path.length ? { member: path.slice(end + 1) } : {}) };
      }
    }
    return undefined;
  }

  /** A binding (with a member path) that a name stands for at a position, through aliases. */
  private bindingOf(name: string, position: Position, member?: string): { binding: string; member?: string } | undefined {
    let current = { binding: name, member, position };
    for (let step = 0; step < maxAliasSteps; step++) {
      const root = current.binding.split('.')[0]!;
      const rest = current.binding.includes('.') ? current.binding.slice(root.length + 1) : undefined;
      const fact = this.scope.lookup(root, current.position);
      if (!fact || fact.value.kind === 'module') {
        return this.boundPrefix(joinMembers(current.binding, current.member)!);
      }
      if (fact.value.kind !== 'alias') {
        return undefined;
      }
      current = { binding: fact.value.binding, member: joinMembers(fact.value.member, joinMembers(rest, current.member)), position: fact.range.start };
    }
    return undefined;
  }

  private noteUnknown(candidate: CallCandidate, text: string): void {
    const known = this.unknownByName.get(candidate.name);
    if (known) {
      known.receiver.count++;
      return;
    }
    const fact = { name: candidate.name, written: candidate.written, receiver: { how: 'unknown' as const, text, count: 1 }, path: candidate.path, range: candidate.range };
    this.unknownByName.set(candidate.name, fact);
    this.calls.push(fact);
  }

  /** A call on a value: recorded on the binding the value comes from, typed, as a result or through an alias. */
  private onValue(candidate: CallCandidate, value: ValueOrigin, text: string, line: number, position: Position): void {
    if (value.kind === 'other' || value.kind === 'module') {
      return;
    }
    if (value.kind === 'unknown') {
      this.noteUnknown(candidate, text);
      return;
    }
    const bound = this.bindingOf(value.binding, position, value.member);
    if (!bound) {
      if (value.kind !== 'instance') {
        this.noteUnknown(candidate, text); // what a first-party function returns, or an alias of a parameter
      }
      return; // an instance of a first-party class
    }
    const written = candidate.written;
    if (value.kind === 'instance') {
      this.calls.push({ object: bound.binding, name: candidate.name, written, receiver: { how: 'typed', text, ...(bound.member ? { type: bound.member } : {}), line }, path: candidate.path, range: candidate.range });
    } else if (value.kind === 'result') {
      this.calls.push({ object: bound.binding, name: candidate.name, written, receiver: { how: 'result', text, of: bound.member ?? bound.binding, line }, path: candidate.path, range: candidate.range });
    } else {
      const object = bound.member ? `${bound.binding}.${bound.member}` : bound.binding;
      this.calls.push({ object, name: candidate.name, written, receiver: { how: 'alias', text, line }, path: candidate.path, range: candidate.range });
    }
  }
}

/** A name bound by an import stands for the import's binding (or for a module of no interest): not a value. */
function unlessModule(fact: ValueFact | undefined): ValueFact | undefined {
  return fact?.value.kind === 'module' ? undefined : fact;
}

function joinMembers(a: string | undefined, b: string | undefined): string | undefined {
  return a && b ? `${a}.${b}` : (a ?? b) || undefined;
}

/** Value declarations by name, looked up at a position: innermost scope first, then the last before it. */
class ValueScope {
  private readonly byName = new Map<string, ValueFact[]>();

  constructor(values: readonly ValueFact[]) {
    for (const value of values) {
      const list = this.byName.get(value.name);
      if (list) {
        list.push(value);
      } else {
        this.byName.set(value.name, [value]);
      }
    }
  }

  lookup(name: string, position: Position): ValueFact | undefined {
    // One pass, as it runs for every call on every keystroke of an open document: the innermost scope holding the
    // position wins, and within it the last declaration before the position (else the first after it).
    let best: ValueFact | undefined;
    let bestIsBefore = false;
    for (const fact of this.byName.get(name) ?? []) {
      if (fact.scope && !contains(fact.scope, position)) {
        continue;
      }
      const isBefore = compare(fact.range.start, position) <= 0;
      if (!best) {
        best = fact;
        bestIsBefore = isBefore;
        continue;
      }
      const inner = compare(scopeStart(fact), scopeStart(best));
      const later = compare(fact.range.start, best.range.start);
      if (inner > 0 || (inner === 0 && (isBefore ? !bestIsBefore || later >= 0 : !bestIsBefore && later < 0))) {
        best = fact;
        bestIsBefore = isBefore;
      }
    }
    return best;
  }
}

function scopeStart(fact: ValueFact): Position {
  return fact.scope?.start ?? { line: -1, character: 0 };
}

function contains(range: Range, position: Position): boolean {
  return compare(range.start, position) <= 0 && compare(position, range.end) < 0;
}

function compare(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

