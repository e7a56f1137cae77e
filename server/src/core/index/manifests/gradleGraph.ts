import type { DependencyGraph, ResolvedPackage } from '../../model/dependency';
import { declaredPackages } from './declaredPackages';
import type { GradleLockEntry } from './gradleLockfile';
import { lockEntryDeclaration, prodFirst } from './lockEntryDeclaration';
import type { MavenDeclaration } from './mavenProject';

/**
 * Builds the graph of one Gradle project from its build-file declarations and, when present, its `gradle.lockfile`.
 * The lockfile gives every resolved module an exact version but records no edges, so a module nobody declares is
 * introduced by its own lockfile line, and so is a declared one that only dev configurations declare while it ships
 * on a runtime classpath (something else pulls it into production). Declared modules the lockfile lacks keep their
 * declared version. Without edges, no module's dependants are known (`hasKnownParents: false`).
 */
export function buildGradleGraph(declarations: readonly MavenDeclaration[], lock?: { path: string; entries: GradleLockEntry[] }): DependencyGraph {
  const declared = declarations.map((declaration) => declaration.declared);
  if (!lock) {
    return { ecosystem: 'maven', declared, hasLockfile: false, packages: declaredPackages('maven', declarations) };
  }
  const locked = new Set(lock.entries.map((entry) => entry.name));
  const packages: ResolvedPackage[] = lock.entries.map((entry) => {
    const own = declared.filter((dependency) => dependency.name === entry.name);
    const needsLockEvidence = own.length === 0 || (entry.isShipped && own.every((dependency) => dependency.scope === 'dev'));
    const introducedBy = prodFirst(needsLockEvidence ? [...own, lockEntryDeclaration(entry.name, entry.version, entry.scope, lock.path, entry.range)] : own);
    return {
      ecosystem: 'maven',
      name: entry.name,
      version: entry.version,
      isDirect: own.length > 0,
      isDevOnly: introducedBy.every((dependency) => dependency.scope === 'dev'),
      introducedBy,
      chain: [entry.name],
      hasKnownParents: false,
    };
  });
  packages.push(...declaredPackages('maven', declarations.filter((declaration) => !locked.has(declaration.declared.name))));
  return { ecosystem: 'maven', declared, hasLockfile: true, packages };
}
