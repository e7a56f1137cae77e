import type { DependencyScope, Parsed, ParseProblem } from '../../model/dependency';
import type { Range } from '../../model/location';
import { isDevSourceSet } from './gradleBuild';

/** One resolved module of a `gradle.lockfile`, with the configurations that resolve it. */
export interface GradleLockEntry {
  /** `groupId:artifactId`. */
  name: string;
  version: string;
  configurations: string[];
  /** prod when a prod configuration (a non-test compile or runtime classpath) resolves it, else dev. */
  scope: DependencyScope;
  /** Whether a non-test runtime classpath resolves it, i.e. it ships (compile classpaths also hold compileOnly). */
  isShipped: boolean;
  range: Range;
}

/**
 * Parses a Gradle dependency lockfile (`group:artifact:version=configuration,…` per line, `empty=…` for
 * configurations that resolve nothing, `#` comments). Gradle locks exact versions but no edges. Scopes:
 * `compileClasspath`/`runtimeClasspath` (and other non-test variants such as `releaseRuntimeClasspath`) are prod;
 * test and debug classpaths and annotation processors are dev. Never throws; malformed lines become problems.
 */
export function parseGradleLockfile(text: string, path: string): Parsed<GradleLockEntry[]> {
  const problems: ParseProblem[] = [];
  const entries: GradleLockEntry[] = [];
  text.split('\n').forEach((rawLine, lineNumber) => {
    const line = rawLine.replace(/\r$/, '').trim();
    if (line === '' || line.startsWith('#') || line.startsWith('empty=')) {
      return;
    }
    const range: Range = { start: { line: lineNumber, character: 0 }, end: { line: lineNumber, character: line.length } };
    const match = /^([^:=\s]+):([^:=\s]+):([^:=\s]+)=(.*)$/.exec(line);
    if (!match) {
      problems.push({ path, message: 'Malformed gradle.lockfile line: expected `group:artifact:version=configurations`', range });
      return;
    }
    const [, group, artifact, version = '', list = ''] = match;
    const configurations = list.split(',').map((name) => name.trim()).filter((name) => name !== '');
    const prod = configurations.filter(isProdClasspath);
    entries.push({
      name: `${group}:${artifact}`,
      version,
      configurations,
      scope: prod.length > 0 ? 'prod' : 'dev',
      isShipped: prod.some((name) => !/compileclasspath$/i.test(name)),
      range,
    });
  });
  return { value: entries, problems };
}

/** A classpath of a main (or release) source set: `compileClasspath`, `runtimeClasspath`, `releaseRuntimeClasspath`. */
function isProdClasspath(configuration: string): boolean {
  const match = /^(.*?)(compileclasspath|runtimeclasspath)$/i.exec(configuration);
  return match !== null && !isDevSourceSet(match[1] ?? '');
}
