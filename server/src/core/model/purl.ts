import { PackageURL } from 'packageurl-js';
import type { PackageRef } from './finding';

/** Parses a package URL (`pkg:npm/%40scope/name@1.2.3`) into a package reference, or undefined if invalid. */
export function parsePurl(purl: string): PackageRef | undefined {
  try {
    const parsed = PackageURL.fromString(purl);
    const name = parsed.namespace ? `${parsed.namespace}/${parsed.name}` : parsed.name;
    return { ecosystem: parsed.type, name, version: parsed.version ?? undefined, purl };
  } catch {
    return undefined;
  }
}

/**
 * The purl of a package (`pkg:npm/%40babel/core@7.0.0`): npm scopes, Go module paths and Maven `group:artifact`
 * become the namespace. A name packageurl-js rejects still gets an encoded identity.
 */
export function packageUrl(ecosystem: string, name: string, version?: string): string {
  const separator = ecosystem === 'maven' && name.includes(':') ? ':' : '/';
  const cut = name.lastIndexOf(separator);
  const namespace = cut > 0 ? name.slice(0, cut) : undefined;
  const shortName = cut > 0 ? name.slice(cut + 1) : name;
  try {
    return new PackageURL(ecosystem, namespace, shortName, version, undefined, undefined).toString();
  } catch {
    return `pkg:${encodeURIComponent(ecosystem)}/${encodeURIComponent(name)}${version === undefined ? '' : `@${encodeURIComponent(version)}`}`;
  }
}
