import type { DeclaredDependency, ResolvedPackage } from '../../model/dependency';
import { prodFirst } from './lockEntryDeclaration';

/** A declaration together with the package it stands for, when no lockfile says more. */
export interface DeclaredPackage {
  declared: DeclaredDependency;
  /** Package name when it differs from the declared name (a Go `replace`); defaults to `declared.name`. */
  name?: string;
  /** The version the declaration alone pins (`==1.2.3`, a Maven version); undefined for ranges. */
  version?: string;
}

/**
 * The packages of declarations that no lockfile backs: all direct, one per name and version, introduced by every
 * declaration that names them (prod ones first), dev-only when all of those are dev.
 */
export function declaredPackages(ecosystem: string, items: readonly DeclaredPackage[]): ResolvedPackage[] {
  const byKey = new Map<string, { name: string; version?: string; introducedBy: DeclaredDependency[] }>();
  for (const item of items) {
    const name = item.name ?? item.declared.name;
    const key = `${name}@${item.version ?? ''}`;
    const known = byKey.get(key);
    if (known) {
      known.introducedBy.push(item.declared);
    } else {
      byKey.set(key, { name, version: item.version, introducedBy: [item.declared] });
    }
  }
  return [...byKey.values()].map(({ name, version, introducedBy }) => ({
    ecosystem,
    name,
    version,
    isDirect: true,
    isDevOnly: introducedBy.every((dependency) => dependency.scope === 'dev'),
    introducedBy: prodFirst(introducedBy),
    chain: [name],
  }));
}
