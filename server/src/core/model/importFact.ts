import type { Range } from './location';
import type { ImportBinding } from './symbolFacts';

/** How a module is brought in. */
export type ImportKind = 'import' | 'reexport' | 'require' | 'dynamic' | 'import-equals';

/** One import of a third-party package by first-party code. */
export interface ImportFact {
  /** The specifier as written, e.g. `lodash/fp`. */
  specifier: string;
  /** The package it names, e.g. `lodash`. */
  packageName: string;
  kind: ImportKind;
  /** Type-only imports (`import type`, `typeof import()`) vanish at compile time: they are not runtime reachability. */
  isTypeOnly: boolean;
  /** Repository-relative path of the importing file. */
  path: string;
  /** Range of the specifier string. */
  range: Range;
  /** The names the import binds, for symbol-level reachability; absent when not tracked. */
  bindings?: ImportBinding[];
}
