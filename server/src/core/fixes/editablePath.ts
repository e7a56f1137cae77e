/**
 * Files a scanner or backend fix must never edit, even inside the workspace: editing them runs code on the
 * developer's machine or in CI without anyone running the project (git config and hooks, editor settings and tasks,
 * package-manager config, CI workflows), or hides findings (`.aspm/ignore.yaml`). Compared case-insensitively, at
 * any depth (nested `.git`/`.vscode` folders are just as live). Each entry is a list of consecutive segments.
 */
const protectedSegments: readonly (readonly string[])[] = [
  ['.git'],
  ['.vscode'],
  ['.idea'],
  ['.devcontainer'],
  ['.devcontainer.json'],
  ['.aspm'],
  ['.husky'],
  ['.githooks'],
  ['.git-hooks'],
  ['.lefthook'],
  ['lefthook.yml'],
  ['lefthook.yaml'],
  ['.lefthook.yml'],
  ['.lefthook.yaml'],
  ['.pre-commit-config.yaml'],
  ['.gitmodules'],
  ['.envrc'],
  ['.npmrc'],
  ['.yarnrc'],
  ['.yarnrc.yml'],
  ['.pnpmfile.cjs'],
  ['.github', 'workflows'],
  ['.github', 'actions'],
  ['.gitea', 'workflows'],
  ['.forgejo', 'workflows'],
  ['.gitlab-ci.yml'],
  ['.circleci'],
];

/** Paths longer than this are not repository paths anyone writes by hand. */
const maxPathLength = 4096;

/** Characters that change how a path is read or shown: controls (C0, DEL, C1), zero-width, bidi and BOM. */
const hiddenCharacters = /[\u0000-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]/;

/**
 * Why a scanner or backend fix may not edit `path`, or undefined when it may. `path` must be a clean
 * repository-relative path as the SARIF reader produces it (`/` separators, no `.`/`..`/empty segments); anything
 * else is refused rather than normalized, because a fix that needs normalizing was written to trick a check:
 * absolute paths, drive letters and `:` (NTFS streams), backslashes, URL-encoded bytes, control and invisible
 * characters, segments ending in a dot or space or shaped like 8.3 short names (`GIT~1`), which Windows maps onto
 * other names. Protected files (see {@link protectedSegments}) are refused at any depth, in any letter case.
 */
export function protectedPathReason(path: string): string | undefined {
  const shown = JSON.stringify(path.length > 120 ? `${path.slice(0, 120)}…` : path);
  if (path === '' || path.length > maxPathLength) {
    return `${shown} is not a file path`;
  }
  if (hiddenCharacters.test(path)) {
    return `${shown} contains control or invisible characters`;
  }
  if (path.includes('\\') || path.includes(':') || path.startsWith('/')) {
    return `${shown} is not a plain repository-relative path`;
  }
  if (/%[0-9a-f]{2}/i.test(path)) {
    return `${shown} contains URL-encoded characters`;
  }
  const segments = path.split('/');
  if (segments.some((segment) => segment === '' || segment === '.' || segment === '..')) {
    return `${shown} has empty, "." or ".." segments`;
  }
  if (segments.some((segment) => /[. ]$/.test(segment) || /~\d/.test(segment))) {
    return `${shown} has a segment that Windows reads as another name`;
  }
  const lower = segments.map((segment) => segment.toLowerCase());
  for (const guarded of protectedSegments) {
    for (let start = 0; start + guarded.length <= lower.length; start++) {
      if (guarded.every((segment, offset) => lower[start + offset] === segment)) {
        return `${shown} is inside ${guarded.join('/')}, which fixes may not edit`;
      }
    }
  }
  return undefined;
}
