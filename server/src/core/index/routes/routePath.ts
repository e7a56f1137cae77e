/**
 * Joins route path pieces the way routers nest them: `/rest/products` + `/search` → `/rest/products/search`,
 * `users` + `:id` → `/users/:id` (Nest paths have no leading slash), `/api` + `/` → `/api`. An Express 5 optional
 * group that starts with a slash (`{/:id}`) is appended as is. The result starts with `/` and has no trailing slash
 * (except the root `/`).
 */
export function joinRoutePath(...parts: readonly string[]): string {
  let result = '';
  for (const part of parts) {
    const piece = part.trim();
    if (piece === '' || piece === '/') {
      continue;
    }
    result = result.replace(/\/+$/, '') + (piece.startsWith('/') || piece.startsWith('{/') ? piece : `/${piece}`);
  }
  const collapsed = result.replace(/\/{2,}/g, '/').replace(/(.)\/+$/, '$1');
  return collapsed === '' ? '/' : collapsed;
}

/**
 * The path part of a request target as a scanner reports it: scheme and host, query string and fragment dropped,
 * a leading slash ensured, repeated and trailing slashes removed. `https://x/api/users/?q=1` → `/api/users`.
 */
export function normalizeRequestPath(target: string): string {
  const withoutOrigin = target.trim().replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '');
  const path = withoutOrigin.split(/[?#]/, 1)[0] ?? '';
  return joinRoutePath(path);
}
