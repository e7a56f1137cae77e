import type { Parsed, ParseProblem } from '../../model/dependency';
import { lineRange, type Range } from '../../model/location';

/** One module of `vendor/modules.txt`: its version, whether go.mod requires it, and the packages vendored. */
export interface VendoredModule {
  module: string;
  version: string;
  /** `## explicit`: go.mod requires it (directly or `// indirect`); absent, only the build list has it. */
  isExplicit: boolean;
  /** The module's packages copied into `vendor/`: exactly those the main module's packages and tests import. */
  packages: string[];
  /** The module's `# module version` line. */
  range: Range;
}

/**
 * Parses `vendor/modules.txt`, which `go mod vendor` writes and `go build -mod=vendor` checks against go.mod: a
 * `# module version [=> replacement version]` line per module of the build list, `## explicit` (with `; go 1.x`)
 * when go.mod requires it, then one line per package of the module vendored, i.e. compiled in. A package graph, not
 * a module list: a module with no package lines contributes no code. Never throws.
 */
export function parseVendorModules(text: string, path: string): Parsed<VendoredModule[]> {
  const modules: VendoredModule[] = [];
  const problems: ParseProblem[] = [];
  let current: VendoredModule | undefined;
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (line === '') {
      continue;
    }
    if (line.startsWith('## ')) {
      if (current && line.slice(3).split(';').some((marker) => marker.trim() === 'explicit')) {
        current.isExplicit = true;
      }
      continue;
    }
    if (line.startsWith('# ')) {
      // `# a v1 => b v2`: the module is imported as `a`, built from `b`; a local replacement has no version.
      const [module, version = ''] = line.slice(2).split('=>')[0]!.trim().split(/\s+/);
      current = module ? { module, version, isExplicit: false, packages: [], range: lineRange(index) } : undefined;
      if (current) {
        modules.push(current);
      }
      continue;
    }
    if (!current || !(line === current.module || line.startsWith(`${current.module}/`))) {
      if (problems.length < 3) {
        problems.push({ path, message: `A package line outside its module: ${line.slice(0, 200)}`, range: lineRange(index) });
      }
      continue;
    }
    current.packages.push(line);
  }
  return { value: modules, problems };
}
