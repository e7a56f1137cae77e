import type { ImportFact } from './importFact';
import type { CallFact, FieldFact } from './symbolFacts';
import type { IacFacts } from './iacFacts';
import type { FileRoutes } from './fileRoutes';
import type { RouteFact } from './routeFact';
import type { Finding } from './finding';

/** Everything the index extracts from one workspace file; every part is optional. */
export interface FileFacts {
  imports?: ImportFact[];
  /** Calls that may reach imported symbols: on import bindings, named imports and values of their types. */
  calls?: CallFact[];
  /** Go: struct fields and package-level variables with their types, to follow calls across a package's files. */
  fields?: FieldFact[];
  routes?: RouteFact[];
  /** The file's routing facts (routes, routers, mounts, exports), joined across files by `resolveRoutes`. */
  routeFile?: FileRoutes;
  iac?: IacFacts;
  /** Findings a local report file carries (SARIF). */
  findings?: Finding[];
  /** What could not be read, reported once per file. */
  problems?: string[];
}
