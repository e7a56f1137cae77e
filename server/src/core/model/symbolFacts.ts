import type { Range } from './location';

/** What one import statement binds in the importing file. */
export interface ImportBinding {
  /** The local name code uses: `_` in `import _ from 'lodash'`, `yaml` in `import yaml`, `m` in `{ merge as m }`. */
  local: string;
  /**
   * What it names in the module: `default`, `*` (namespace / whole module, e.g. Python `import yaml` or a Go
   * package), or the exported symbol (`merge`, `load`, `Parse`).
   */
  imported: string;
}

/**
 * What the calling file tells of the value a method is called on, when the call is not made on an import binding
 * itself (`app.Get(…)` rather than `fiber.New(…)`). `text` is the receiver as written (`app`, `s.app`,
 * `fiber.New()`, `this.xs`); `line` (0-based, same file) is where the file says what the value is.
 */
export type CallReceiver =
  /**
   * A value of a type of the module `object` binds: a declaration, parameter or field with that type, a creation
   * (`&fiber.App{}`, `new XStream()`, `Sanitizer()`), a type assertion or conversion. `type` is the type's name in
   * that module (`App`); absent when `object` binds the class itself (Java, JavaScript and Python class imports).
   */
  | { how: 'typed'; text: string; type?: string; line: number }
  /** Another name for the binding or one of its members: `y = yaml`, `const f = y.load` (then `text` is the callee). */
  | { how: 'alias'; text: string; line: number }
  /**
   * The value returned by `object.of(…)`, whose type the file does not write (`app := fiber.New()`). Go: `chain` is
   * the calls that made it in the package's names (`['New', 'Group']`; `['App.Group']` when the first call is a
   * method on a value of type `App`), for the correlation to follow known return types.
   */
  | { how: 'result'; text: string; of: string; chain?: string[]; line: number }
  /**
   * Go: a field path (`s.app`, `s.cfg.app`) starting at a value of the first-party struct type `owner`, or at the
   * package-level variable `fields[0]` when `owner` is absent, declared in another file of the same package.
   */
  | { how: 'member'; text: string; owner?: string; fields: string[] }
  /**
   * A value the file does not tell the type of. One fact per method name and file: `count` calls, the first at the
   * fact's range; they matter only when a vulnerable method has this name.
   */
  | { how: 'unknown'; text: string; count: number };

/** A call in first-party code that may reach an imported symbol: `_.template(…)`, `template(…)`, `yaml.load(…)`. */
export interface CallFact {
  /**
   * The import binding the call reaches its module through (`_`, `yaml`, `fiber`, the class binding `XStream`);
   * absent for a plain call of a named import (then `name` is the binding), and for a receiver of `member` or
   * `unknown` origin.
   */
  object?: string;
  /** The called name: the member (`template`, `load`, `fromXML`, `Get`) or the function (`template`). */
  name: string;
  /** The callee as written, when it is not `object.name` (or `name`): `app.Get`, `s.app.Get`, `xs.fromXML`, `f`. */
  written?: string;
  /** For a method called on a value rather than on the binding: what is known of that value. */
  receiver?: CallReceiver;
  /** Repository-relative path of the calling file. */
  path: string;
  /** Range of the call's callee expression. */
  range: Range;
}

/**
 * Go: a field of a struct type, or a package-level variable, declared in first-party code, with its type when that
 * is a type of an imported package (or a first-party type of the same package), so that `s.app.Get(…)` in another
 * file of the package can be followed to `app *fiber.App`.
 */
export interface FieldFact {
  /** The struct type declaring the field (`Server`); absent for a package-level variable. */
  owner?: string;
  /** The field or variable name; for an embedded field, its type's name. */
  name: string;
  /** The import path of the field's type (`github.com/gofiber/fiber/v2`); absent for a first-party type. */
  specifier?: string;
  /** The type's name (`App`, `Config`); with `isResult`, the function whose result initialises the variable. */
  type: string;
  /** The variable is initialised by `specifier`'s function `type` (`var app = fiber.New()`): its type is not written. */
  isResult?: boolean;
  isEmbedded?: boolean;
  /** Repository-relative path of the declaring file. */
  path: string;
  /** Range of the field's name. */
  range: Range;
}
