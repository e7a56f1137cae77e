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
