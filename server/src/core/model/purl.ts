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
 * The package URL of a package (`maven` names may be `group:artifact`; scoped npm names keep their scope as the
 * namespace). A name the purl library refuses still gets an identity, percent-encoded.
 */
export function formatPurl(purlType: string, name: string, version?: string): string {
  const separator = purlType === 'maven' && name.includes(':') ? ':' : '/';
  const cut = name.lastIndexOf(separator);
  const namespace = cut > 0 ? name.slice(0, cut) : undefined;
  const shortName = cut > 0 ? name.slice(cut + 1) : name;
  try {
    return new PackageURL(purlType, namespace, shortName, version, undefined, undefined).toString();
  } catch {
    // packageurl-js rejects names some types forbid; the finding still needs an identity.
    return `pkg:${encodeURIComponent(purlType)}/${encodeURIComponent(name)}${version === undefined ? '' : `@${encodeURIComponent(version)}`}`;
  }
}
