import type { DeclaredDependency, DependencyScope } from '../../model/dependency';
import type { Range } from '../../model/location';

/**
 * A stand-in declaration at a lockfile entry, for a package no manifest declaration can be shown to pull in: the
 * lockfile records no dependency edges (Pipfile.lock, gradle.lockfile, go.sum), or nothing declared reaches the entry.
 * Consumers need a non-empty `introducedBy` with a location; pointing at the line that pins the package is honest,
 * whereas naming some direct dependency would be a guess. Such declarations are not listed in `graph.declared`.
 */
export function lockEntryDeclaration(name: string, version: string | undefined, scope: DependencyScope, lockPath: string, range: Range): DeclaredDependency {
  return { name, spec: version ?? '', scope, manifestPath: lockPath, range };
}

/** Introducers ordered prod first (the order `ResolvedPackage.introducedBy` promises); stable otherwise. */
export function prodFirst(introducedBy: readonly DeclaredDependency[]): DeclaredDependency[] {
  return [...introducedBy].sort((a, b) => scopeRank(a.scope) - scopeRank(b.scope));
}

function scopeRank(scope: DependencyScope): number {
  return scope === 'dev' ? 1 : 0;
}
