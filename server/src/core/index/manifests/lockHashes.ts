import type { PackageHash } from '../../model/dependency';

const sriAlgorithms: Record<string, PackageHash['algorithm']> = { sha1: 'SHA-1', sha256: 'SHA-256', sha384: 'SHA-384', sha512: 'SHA-512' };

/**
 * The digests of a Subresource Integrity string as npm, yarn classic and pnpm write it (`sha512-<base64>`, several
 * separated by spaces), as hex. Unknown algorithms and malformed base64 are skipped.
 */
export function parseIntegrity(integrity: unknown): PackageHash[] {
  if (typeof integrity !== 'string') {
    return [];
  }
  return integrity
    .trim()
    .split(/\s+/)
    .flatMap((token) => {
      const dash = token.indexOf('-');
      const algorithm = sriAlgorithms[token.slice(0, dash).toLowerCase()];
      const hex = algorithm ? base64ToHex(token.slice(dash + 1).replace(/\?.*$/, '')) : undefined;
      return algorithm && hex ? [{ algorithm, value: hex }] : [];
    });
}

/** A `sha256:<hex>` hash as Python lockfiles write it (poetry, uv, Pipfile.lock), with the file it belongs to. */
export function parsePrefixedHash(hash: unknown, file?: string): PackageHash[] {
  if (typeof hash !== 'string') {
    return [];
  }
  const match = /^(sha1|sha256|sha384|sha512):([0-9a-f]+)$/i.exec(hash.trim());
  const algorithm = match ? sriAlgorithms[match[1]!.toLowerCase()] : undefined;
  return algorithm ? [{ algorithm, value: match![2]!.toLowerCase(), ...(file ? { file } : {}) }] : [];
}

function base64ToHex(base64: string): string | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) {
    return undefined;
  }
  try {
    const binary = atob(base64);
    let hex = '';
    for (let index = 0; index < binary.length; index++) {
      hex += binary.charCodeAt(index).toString(16).padStart(2, '0');
    }
    return hex;
  } catch {
    return undefined;
  }
}
