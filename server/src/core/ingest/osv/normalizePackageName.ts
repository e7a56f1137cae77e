import { osvEcosystemOf } from '../../versions/osvEcosystem';

/**
 * A package name in the form names of its ecosystem compare equal in: PyPI names per PEP 503 (lower-case, runs
 * of `-`, `_`, `.` become one `-`, so `PyYAML`, `pyyaml` and `Py_YAML` differ only in spelling); Maven names as
 * `group:artifact` (OSV's form; purls write `group/artifact`). npm, Go and others are case-sensitive, kept as is.
 */
export function normalizePackageName(ecosystem: string, name: string): string {
  switch (osvEcosystemOf(ecosystem)) {
    case 'PyPI':
      return name.toLowerCase().replace(/[-_.]+/g, '-');
    case 'Maven':
      return name.replace('/', ':');
    default:
      return name;
  }
}
