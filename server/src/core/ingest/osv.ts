// OSV advisories as a finding source: parse records, evaluate their ranges, match installed packages.
export type { OsvAdvisory, OsvAffected, OsvEvent, OsvEventKind, OsvRange, OsvReference, OsvSeverity } from './osv/osvAdvisory';
export { parseOsvRecord } from './osv/parseOsvRecord';
export { isAffected, matchAffected, type AffectedMatch } from './osv/isAffected';
export { describeAffected, describeRange } from './osv/describeRange';
export { matchAdvisories, type InstalledPackage } from './osv/matchAdvisories';
export { normalizePackageName } from './osv/normalizePackageName';
export { toOsvQuery, type OsvQuery } from './osv/osvQuery';
export { severityOfScore } from './osv/osvFinding';
