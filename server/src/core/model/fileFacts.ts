import type { ImportFact } from '../index/imports/importFact';
import type { IacFacts } from '../index/iac/iacFacts';
import type { RouteFact } from '../index/routes/routeFact';
import type { Finding } from './finding';

/** Everything the index extracts from one workspace file; every part is optional. */
export interface FileFacts {
  imports?: ImportFact[];
  routes?: RouteFact[];
  iac?: IacFacts;
  /** Findings a local report file carries (SARIF). */
  findings?: Finding[];
  /** What could not be read, reported once per file. */
  problems?: string[];
}
