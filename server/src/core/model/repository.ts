/**
 * Normalizes a git remote URL to the backend's repository identity: host and path, no scheme, no credentials,
 * no `.git` suffix, lower-case host. `git@github.com:acme/shop.git` → `github.com/acme/shop`.
 * Returns undefined for local paths, which identify no shared repository.
 */
export function normalizeRepositoryUrl(remote: string): string | undefined {
  const trimmed = remote.trim();
  const scp = /^(?:[^@/\s]+@)?([^:/\s]+):(?!\/)(.+)$/.exec(trimmed);
  let host: string;
  let path: string;
  if (scp && !/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) {
    host = scp[1]!;
    path = scp[2]!;
  } else {
    const url = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/]*@)?([^/:]+)(?::\d+)?\/(.+)$/i.exec(trimmed);
    if (!url || trimmed.toLowerCase().startsWith('file:')) {
      return undefined;
    }
    host = url[1]!;
    path = url[2]!;
  }
  const cleanPath = path.replace(/\/+$/, '').replace(/\.git$/, '').replace(/^\/+/, '');
  return cleanPath ? `${host.toLowerCase()}/${cleanPath}` : undefined;
}
