import type { DependencyScope, Parsed } from '../../model/dependency';
import type { Range } from '../../model/location';
import type { MavenDeclaration } from './mavenProject';

/** Configurations whose dependencies never reach the production runtime: compile-time only, tooling, test. */
const devConfigurations = new Set(['compileonly', 'compileonlyapi', 'annotationprocessor', 'kapt', 'ksp', 'developmentonly', 'classpath']);
/** Configuration names that declare dependencies (a source-set prefix may precede them: `testImplementation`). */
const configurationSuffixes = ['implementation', 'api', 'compileonly', 'compileonlyapi', 'runtimeonly', 'compile', 'runtime', 'annotationprocessor']
  // Longest first, so that `compileOnlyApi` is not read as a source set `compileOnly` of `api`.
  .sort((a, b) => b.length - a.length);
const standaloneConfigurations = new Set(['kapt', 'ksp', 'developmentonly', 'classpath']);

/**
 * Scope of a Gradle dependency configuration, or undefined when the name is not one (`id`, `version`, …).
 * `implementation`, `api`, `runtimeOnly` (and the legacy `compile`, `runtime`) are prod. `compileOnly` is dev, like
 * Maven's `provided`: on the compile classpath only, never packaged. Annotation processors, buildscript `classpath`
 * and Spring Boot's `developmentOnly` are dev, as is every configuration of a test or debug source set
 * (`testImplementation`, `integrationTestRuntimeOnly`, `debugImplementation`, `testFixturesApi`).
 */
export function scopeOfGradleConfiguration(configuration: string): DependencyScope | undefined {
  const lower = configuration.toLowerCase();
  const suffix = configurationSuffixes.find((candidate) => lower.endsWith(candidate));
  if (!suffix && !standaloneConfigurations.has(lower)) {
    return undefined;
  }
  const base = standaloneConfigurations.has(lower) ? lower : suffix!;
  const sourceSet = lower.slice(0, lower.length - base.length);
  return devConfigurations.has(base) || isDevSourceSet(sourceSet) ? 'dev' : 'prod';
}

/** Whether a source-set or variant prefix (`test`, `integrationTest`, `debug`, `androidTest`) never ships. */
export function isDevSourceSet(prefix: string): boolean {
  return /test|debug/i.test(prefix);
}

/**
 * Reads the simple dependency declarations of `build.gradle` / `build.gradle.kts` written directly in a
 * `dependencies { }` block: string notation (`implementation 'g:a:v'`, `implementation("g:a:v")`) and map notation
 * (`implementation group: 'g', name: 'a', version: 'v'`, or with `=` in Kotlin). Not read: `constraints { }`
 * (they constrain, not declare), `platform(…)` BOMs, `project(…)`, files, version catalogs (`libs.…`) and anything
 * computed. A version with `$` interpolation, a dynamic version (`1.+`, `latest.release`) or a range is kept as the
 * spec but gives no exact version. Each declaration's range covers its line. Never throws.
 */
export function parseGradleBuild(text: string, path: string): Parsed<MavenDeclaration[]> {
  const declarations: MavenDeclaration[] = [];
  const blocks: string[] = [];
  stripComments(text)
    .split('\n')
    .forEach((rawLine, lineNumber) => {
      const line = rawLine.replace(/\r$/, '');
      if (blocks.at(-1) === 'dependencies') {
        const declaration = declarationOf(line, lineNumber, path);
        if (declaration) {
          declarations.push(declaration);
        }
      }
      trackBlocks(line, blocks);
    });
  return { value: declarations, problems: [] };
}

function declarationOf(line: string, lineNumber: number, path: string): MavenDeclaration | undefined {
  const match = /^(\s*)([A-Za-z][A-Za-z0-9]*)\s*(?:\(\s*)?(.*)$/.exec(line);
  if (!match) {
    return undefined;
  }
  const [, indent = '', configuration = '', rest = ''] = match;
  const scope = scopeOfGradleConfiguration(configuration);
  if (!scope) {
    return undefined;
  }
  let group: string | undefined;
  let name: string | undefined;
  let version: string | undefined;
  const literal = /^(["'])([^"']*)\1/.exec(rest);
  if (literal) {
    [group, name, version] = (literal[2] ?? '').replace(/@[^:]*$/, '').split(':');
  } else {
    const field = (key: string): string | undefined => new RegExp(`\\b${key}\\s*[:=]\\s*(["'])([^"']*)\\1`).exec(rest)?.[2];
    group = field('group');
    name = field('name');
    version = field('version');
  }
  if (!group || !name) {
    return undefined;
  }
  const range: Range = { start: { line: lineNumber, character: indent.length }, end: { line: lineNumber, character: line.trimEnd().length } };
  return {
    declared: { name: `${group}:${name}`, spec: version ?? '', scope, manifestPath: path, range },
    version: version && isExactVersion(version) ? version : undefined,
  };
}

/** Not interpolated (`$v`), dynamic (`1.+`, `latest.release`) or a range (`[1.0,2.0)`). */
function isExactVersion(version: string): boolean {
  return !/[$+[\]()]|^latest\./.test(version);
}

/** Comments replaced by spaces, keeping every line where it was. Strings are respected, so `"http://…"` survives. */
function stripComments(text: string): string {
  return text.replace(/"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|\/\/[^\n]*|\/\*[\s\S]*?\*\//g, (token) =>
    token.startsWith('/') ? token.replace(/[^\n]/g, ' ') : token,
  );
}

/** Follows `name {` and `}` outside strings, so a line knows the block it is in. */
function trackBlocks(line: string, blocks: string[]): void {
  const code = line.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""');
  for (let index = 0; index < code.length; index++) {
    if (code[index] === '{') {
      blocks.push(/([A-Za-z_][\w.]*)\s*(?:\([^()]*\))?\s*$/.exec(code.slice(0, index))?.[1] ?? '');
    } else if (code[index] === '}') {
      blocks.pop();
    }
  }
}
