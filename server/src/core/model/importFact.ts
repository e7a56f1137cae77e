import type { Range } from './location';
import type { ImportBinding } from './symbolFacts';

/** How a module is brought in. */
export type ImportKind = 'import' | 'reexport' | 'require' | 'dynamic' | 'import-equals';

/** One import of a third-party package by first-party code. */
export interface ImportFact {
  /** The specifier as written, e.g. `lodash/fp`. */
  specifier: string;
  /**
   * The package it names, e.g. `lodash`; for an npm subpath import the specifier itself (`#db`), which the importing
   * package's `imports` map resolves (see `correlate/npmCopies`).
   */
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
  /**
   * Set when no import statement names the package but configuration at this site makes another package load it
   * (`new Sequelize(…, { dialect: 'mysql' })` loads mysql2); the range is the configuring value.
   */
  loadedBy?: ConfigLoad;
}

/** Configuration that makes a package load another: see `index/imports/configLoaders`. */
export interface ConfigLoad {
  /** The package whose code does the loading (`sequelize`); its copy is resolved from the configuring file. */
  loader: string;
  /** What the configuring code does, as evidence says it: `configures Sequelize with dialect 'mysql'`. */
  trigger: string;
}
