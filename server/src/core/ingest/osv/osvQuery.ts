import { osvEcosystemOf } from '../../versions/osvEcosystem';
import type { InstalledPackage } from './matchAdvisories';
import { normalizePackageName } from './normalizePackageName';

/** One query of the OSV API (`POST /v1/query`, an item of `/v1/querybatch`). */
export interface OsvQuery {
  package: { ecosystem: string; name: string };
  version: string;
}

/**
 * The OSV API query for an installed package, in the spelling OSV indexes: OSV ecosystem names, PEP 503 PyPI
 * names, Maven `group:artifact`, Go versions without their `v`. Undefined without a version: a version-less
 * query would return every advisory of the package, which matching would discard anyway.
 */
export function toOsvQuery(pkg: InstalledPackage): OsvQuery | undefined {
  if (!pkg.version) {
    return undefined;
  }
  const ecosystem = osvEcosystemOf(pkg.ecosystem) ?? pkg.ecosystem;
  const version = ecosystem === 'Go' && pkg.version.startsWith('v') ? pkg.version.slice(1) : pkg.version;
  return { package: { ecosystem, name: normalizePackageName(ecosystem, pkg.name) }, version };
}
