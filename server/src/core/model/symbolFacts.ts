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

/** A call in first-party code that may reach an imported symbol: `_.template(…)`, `template(…)`, `yaml.load(…)`. */
export interface CallFact {
  /** The receiver for a member call (`_`, `yaml`, `xstream`, `language`); absent for a plain function call. */
  object?: string;
  /** The called name: the member (`template`, `load`, `fromXML`, `Parse`) or the function (`template`). */
  name: string;
  /** Repository-relative path of the calling file. */
  path: string;
  /** Range of the call's callee expression. */
  range: Range;
}
