import { readFile } from 'node:fs/promises';
import { rootCertificates } from 'node:tls';

/**
 * The certificate authorities to trust for the backend: the system's plus the PEM files the user named. A file
 * that cannot be read is reported, never silently skipped, and verification stays on either way.
 */
export async function loadCaCertificates(paths: readonly string[]): Promise<{ ca?: string[]; problems: string[] }> {
  if (paths.length === 0) {
    return { problems: [] };
  }
  const problems: string[] = [];
  const extra: string[] = [];
  for (const path of paths) {
    try {
      const pem = await readFile(path, 'utf8');
      if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
        problems.push(`${path} holds no PEM certificate`);
        continue;
      }
      extra.push(pem);
    } catch (error) {
      problems.push(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
  }
  return { ca: extra.length > 0 ? [...rootCertificates, ...extra] : undefined, problems };
}
