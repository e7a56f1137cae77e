import { nodeBuiltinModules } from './nodeBuiltins';

/**
 * The npm package a module specifier names, or undefined for relative paths, Node builtins, URLs, subpath
 * imports (`#x`) and path aliases (`@/x`, `~/x`). `lodash/fp` → `lodash`, `@scope/pkg/x` → `@scope/pkg`.
 */
export function packageNameOfSpecifier(specifier: string): string | undefined {
  if (specifier === '' || /^[./#~]/.test(specifier) || specifier.startsWith('@/') || /^[a-z][a-z0-9+.-]*:/i.test(specifier)) {
    return undefined;
  }
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? (parts.length >= 2 && parts[1] ? `${parts[0]}/${parts[1]}` : undefined) : parts[0];
  if (name === undefined || nodeBuiltinModules.has(name) || /\s/.test(name)) {
    return undefined;
  }
  return name;
}

/**
 * Whether a specifier is a subpath import (`#db`, `#utils/merge`), which the importing package's `package.json`
 * `imports` maps to a file of its own or to another package (resolved in `correlate/npmCopies`).
 */
export function isSubpathImport(specifier: string): boolean {
  return /^#[^/]/.test(specifier) && !/\s/.test(specifier);
}
