import type { Severity } from '../../model/severity';

/** The kinds of OSV range events (`affected[].ranges[].events[]`); each event has exactly one. */
export type OsvEventKind = 'introduced' | 'fixed' | 'last_affected' | 'limit';

/** One event of an OSV range. `introduced: "0"` sorts before every version, `limit: "*"` after every version. */
export interface OsvEvent {
  kind: OsvEventKind;
  version: string;
}

/** An OSV range: `SEMVER`, `ECOSYSTEM` or `GIT` (other types are kept but never evaluated). */
export interface OsvRange {
  type: string;
  repo?: string;
  events: OsvEvent[];
}

/** Severity as a record states it: a CVSS v3 score computed from its vector, and/or a database's own label. */
export interface OsvSeverity {
  cvss?: { score: number; vector: string };
  /** `database_specific.severity` (GHSA: LOW/MODERATE/HIGH/CRITICAL), mapped to our scale. */
  level?: Severity;
}

/** One affected package of an advisory, with the versions it affects. */
export interface OsvAffected {
  /** As the record spells it (`npm`, `PyPI`, `Go`, `Maven`, possibly with a `:suffix`). */
  ecosystem: string;
  /** As the record spells it: PyPI names are PEP 503-normalized, Maven names are `group:artifact`. */
  name: string;
  purl?: string;
  ranges: OsvRange[];
  /** Explicitly listed affected versions. */
  versions: string[];
  /**
   * Functions known to carry the vulnerability: Go `ecosystem_specific.imports[].symbols` as `<import path>.<symbol>`
   * (`golang.org/x/text/language.Parse`, `github.com/gofiber/fiber/v2.App.Get`), else `affected_functions` as the
   * database names them. A Go package listed without symbols adds none: all of it is vulnerable.
   */
  vulnerableSymbols: string[];
  /** Go `ecosystem_specific.imports[].path`: the packages of the module that carry the vulnerability. */
  vulnerablePackages: string[];
  /** Package-level severity; OSV sets it instead of the top-level one when packages differ. */
  severity?: OsvSeverity;
}

/** A reference link of an advisory (`ADVISORY`, `WEB`, `FIX`, `PACKAGE`, …). */
export interface OsvReference {
  type: string;
  url: string;
}

/** One OSV record (https://ossf.github.io/osv-schema/), reduced to what matching and findings need. */
export interface OsvAdvisory {
  id: string;
  aliases: string[];
  summary?: string;
  details?: string;
  severity: OsvSeverity;
  /** `database_specific.cwe_ids`. */
  cwes: string[];
  affected: OsvAffected[];
  references: OsvReference[];
  modified?: string;
  published?: string;
  /** When set the advisory was retracted and must never match. */
  withdrawn?: string;
  /** Where the record came from (a folder name, an API host); findings cite it as `osv:<source>`. */
  source: string;
}
