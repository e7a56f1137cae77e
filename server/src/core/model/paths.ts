/**
 * `dir` joined with a relative path, `.` and `..` segments resolved; undefined when the result would leave the
 * repository or the path is absolute (a place on some machine, not in the repository). Paths use `/`.
 */
export function resolveRelative(dir: string, relative: string): string | undefined {
  if (relative.startsWith('/')) {
    return undefined;
  }
  const segments = dir.split('/').filter((segment) => segment !== '');
  for (const segment of relative.split('/')) {
    if (segment === '..') {
      if (segments.length === 0) {
        return undefined;
      }
      segments.pop();
    } else if (segment !== '.' && segment !== '') {
      segments.push(segment);
    }
  }
  return segments.join('/');
}
