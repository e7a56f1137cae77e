import { readdir, readFile, stat } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import * as yauzl from 'yauzl';
import { compareVersions } from '../core/versions/compareVersions';

/** A Maven artifact of the workspace's graphs, with its version when the graph knows it. */
export interface MavenArtifact {
  /** `groupId:artifactId`. */
  name: string;
  version?: string;
}

/** Where the caches are; defaults come from the environment and the home folder. */
export interface MavenCacheOptions {
  env?: NodeJS.ProcessEnv;
  home?: string;
}

/** Package listings by jar path, kept while the jar's size and modification time stay the same. */
const listings = new Map<string, { stamp: string; packages: string[] }>();

/**
 * The local repositories a Maven or Gradle build downloads jars to: `MAVEN_REPO` (or `MAVEN_REPO_LOCAL`), the
 * `<localRepository>` of `~/.m2/settings.xml`, `~/.m2/repository`, and Gradle's `modules-2/files-2.1` cache under
 * `GRADLE_USER_HOME` (default `~/.gradle`).
 */
export async function localArtifactCaches(options: MavenCacheOptions = {}): Promise<{ maven: string[]; gradle: string[] }> {
  const env = options.env ?? process.env;
  const home = options.home ?? os.homedir();
  const maven: string[] = [];
  for (const variable of ['MAVEN_REPO', 'MAVEN_REPO_LOCAL']) {
    if (env[variable]) {
      maven.push(path.resolve(env[variable]));
    }
  }
  const settings = await readFile(path.join(home, '.m2', 'settings.xml'), 'utf8').catch(() => undefined);
  const configured = settings && /<localRepository>\s*([^<]+?)\s*<\/localRepository>/.exec(settings)?.[1];
  if (configured) {
    maven.push(path.resolve(configured.replace(/\$\{user\.home\}/g, home).replace(/^~(?=$|[\\/])/, home)));
  }
  maven.push(path.join(home, '.m2', 'repository'));
  const gradleHome = env.GRADLE_USER_HOME ? path.resolve(env.GRADLE_USER_HOME) : path.join(home, '.gradle');
  return { maven: [...new Set(maven)], gradle: [path.join(gradleHome, 'caches', 'modules-2', 'files-2.1')] };
}

/**
 * Java package → the artifacts (`groupId:artifactId`) whose cached jar holds classes of it, for the artifacts given,
 * read from the local Maven repository or Gradle cache: the jar of the artifact's version, else of its highest cached
 * version (package layouts rarely change between releases). Jars are listed from their zip central directory only,
 * and each listing is kept while the jar is unchanged. Artifacts with no cached jar are left out; unreadable jars are
 * skipped, never thrown.
 */
export async function readMavenJarPackages(artifacts: readonly MavenArtifact[], options: MavenCacheOptions = {}): Promise<Map<string, string[]>> {
  const caches = await localArtifactCaches(options);
  const index = new Map<string, string[]>();
  for (const artifact of artifacts) {
    const jar = await findJar(artifact, caches);
    const packages = jar === undefined ? [] : await jarPackages(jar);
    for (const javaPackage of packages) {
      const owners = index.get(javaPackage) ?? [];
      if (!owners.includes(artifact.name)) {
        index.set(javaPackage, [...owners, artifact.name]);
      }
    }
  }
  return index;
}

async function findJar(artifact: MavenArtifact, caches: { maven: string[]; gradle: string[] }): Promise<string | undefined> {
  const [groupId, artifactId] = artifact.name.split(':');
  if (!groupId || !artifactId) {
    return undefined;
  }
  for (const repository of caches.maven) {
    const folder = path.join(repository, ...groupId.split('.'), artifactId);
    const version = await pickVersion(folder, artifact.version);
    const jar = version && path.join(folder, version, `${artifactId}-${version}.jar`);
    if (jar && (await isFile(jar))) {
      return jar;
    }
  }
  for (const cache of caches.gradle) {
    const folder = path.join(cache, groupId, artifactId);
    const version = await pickVersion(folder, artifact.version);
    // Gradle keeps each file under a folder named by its SHA-1.
    for (const hash of version ? await listNames(path.join(folder, version)) : []) {
      const jar = path.join(folder, version!, hash, `${artifactId}-${version}.jar`);
      if (await isFile(jar)) {
        return jar;
      }
    }
  }
  return undefined;
}

/** The wanted version when it is cached, else the highest cached one. */
async function pickVersion(folder: string, wanted: string | undefined): Promise<string | undefined> {
  const versions = await listNames(folder);
  if (wanted !== undefined && versions.includes(wanted)) {
    return wanted;
  }
  return versions.sort((a, b) => compareVersions('maven', a, b) ?? (a < b ? -1 : 1)).at(-1);
}

/** The Java packages of a jar's classes (multi-release copies under `META-INF/versions/N/` count as theirs). */
export async function jarPackages(jar: string): Promise<string[]> {
  const info = await stat(jar).catch(() => undefined);
  if (!info) {
    return [];
  }
  const stamp = `${info.size}:${info.mtimeMs}`;
  const cached = listings.get(jar);
  if (cached?.stamp === stamp) {
    return cached.packages;
  }
  const names = await listZipEntries(jar).catch(() => []);
  const packages = new Set<string>();
  for (const name of names) {
    const classFile = name.replace(/^META-INF\/versions\/\d+\//, '');
    const slash = classFile.lastIndexOf('/');
    if (classFile.endsWith('.class') && slash > 0 && !classFile.startsWith('META-INF/')) {
      packages.add(classFile.slice(0, slash).replace(/\//g, '.'));
    }
  }
  const sorted = [...packages].sort();
  listings.set(jar, { stamp, packages: sorted });
  return sorted;
}

function listZipEntries(file: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true, autoClose: true }, (error, zip) => {
      if (error || !zip) {
        reject(error ?? new Error(`cannot open ${file}`));
        return;
      }
      const names: string[] = [];
      zip.on('entry', (entry) => {
        names.push(entry.fileName);
        zip.readEntry();
      });
      zip.on('end', () => resolve(names));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

async function listNames(folder: string): Promise<string[]> {
  try {
    return (await readdir(folder, { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  } catch {
    return [];
  }
}

async function isFile(file: string): Promise<boolean> {
  return (await stat(file).catch(() => undefined))?.isFile() ?? false;
}
