import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import ignore from 'ignore';
import picomatch from 'picomatch';

/**
 * Folders never indexed, whatever the ignore files and settings say: version control data, installed dependencies
 * (third-party code that would pass for first-party), virtualenvs and tool caches. Build output (`dist`, `build`,
 * `out`, `target`…) is left to `.gitignore`: a repository may keep infrastructure code there on purpose.
 */
export const neverIndexedFolders: ReadonlySet<string> = new Set([
  '.git', '.hg', '.svn',
  'node_modules', 'bower_components', 'site-packages', 'vendor', '.venv', 'venv', '.tox', '.nox',
  '__pycache__', '.mypy_cache', '.pytest_cache', '.ruff_cache', '.gradle', '.cache', '.turbo', '.vscode-test',
]);

/** Files holding ignore rules in one folder, in the order they apply: `.aspmignore` rules come last and win. */
export const ignoreFileNames: readonly string[] = ['.gitignore', '.aspmignore'];

/** Git and git on these systems match ignore patterns case-insensitively by default. */
const ignoreCase = process.platform === 'win32' || process.platform === 'darwin';

/**
 * Which paths of a workspace folder the index skips, with git's semantics: every `.gitignore` (and `.aspmignore`,
 * same syntax) from the repository root down applies to the paths below its folder, deeper files override
 * shallower ones, `.git/info/exclude` has the lowest precedence, and nothing inside an ignored folder comes back.
 * Folders and files matching `includeIgnored` (globs relative to the workspace folder) are indexed even when ignored,
 * with everything below them; files matching `alwaysRead` (the local ignore list, the report globs: inputs the user
 * named) are read even when ignored, though ignored folders are searched for them only when a glob names a folder
 * inside (`build/reports/*.sarif`, not `**\/*.sarif`). {@link neverIndexedFolders} never are. Paths are
 * repository-relative with `/`.
 */
export class WorkspaceIgnore {
  /**
   * Every rule read so far, in git's order of precedence (`.git/info/exclude` first, then each folder's files,
   * outer before inner), each pattern rewritten to be relative to the repository root: the last match wins, and
   * nothing inside an ignored folder comes back, exactly as git decides.
   */
  private readonly rules = ignore({ ignorecase: ignoreCase });
  private readonly includes: (relative: string) => boolean;
  private readonly inputs: (relative: string) => boolean;
  /** Static folders the globs start with (`''` for `**\/x`): ignored folders worth searching. */
  private readonly forcedBases: string[];
  /** The workspace folder, repository-relative (`''` when it is the repository root). */
  private readonly folderPath: string;

  constructor(
    private readonly repoRoot: string,
    folder: string,
    options: { includeIgnored: readonly string[]; alwaysRead: readonly string[] },
  ) {
    this.folderPath = path.relative(repoRoot, folder).split(path.sep).join('/');
    const includes = normalizeGlobs(options.includeIgnored);
    const inputs = normalizeGlobs(options.alwaysRead);
    this.includes = matcherOf(includes);
    this.inputs = matcherOf(inputs);
    this.forcedBases = [...includes.map(baseOf), ...inputs.map(baseOf).filter((base) => base !== '')];
  }

  /** Reads `.git/info/exclude` and the ignore files of the folders from the repository root down to the workspace folder. */
  async loadAncestors(): Promise<void> {
    const exclude = await readText(path.join(this.repoRoot, '.git', 'info', 'exclude'));
    if (exclude !== undefined) {
      this.rules.add(exclude);
    }
    const segments = this.folderPath === '' ? [] : this.folderPath.split('/');
    for (let depth = 0; depth <= segments.length; depth++) {
      await this.loadFolder(segments.slice(0, depth).join('/'), ignoreFileNames);
    }
  }

  /** Reads the ignore files among `names` (those the folder holds) of a repository-relative folder. */
  async loadFolder(dir: string, names: readonly string[]): Promise<void> {
    for (const name of ignoreFileNames.filter((candidate) => names.includes(candidate))) {
      const text = await readText(path.join(this.repoRoot, ...dir.split('/'), name));
      if (text !== undefined) {
        this.rules.add(text.split(/\r?\n/).flatMap((line) => rebasePattern(line, dir) ?? []));
      }
    }
  }

  /** Whether the rules read so far ignore a path (a folder when `isFolder`) or a folder above it. */
  isIgnored(repoPath: string, isFolder: boolean): boolean {
    const candidate = isFolder ? `${repoPath}/` : repoPath;
    return ignore.isPathValid(candidate) && this.rules.ignores(candidate);
  }

  /** Whether `includeIgnored` names this folder, with everything below it. */
  isFolderForced(repoPath: string): boolean {
    const relative = this.toFolderRelative(repoPath);
    return relative !== undefined && this.includes(relative);
  }

  /** Whether this file is read even if ignored: `includeIgnored` or `alwaysRead` name it (or, with `withFolders`, a folder above it). */
  isFileForced(repoPath: string, withFolders = false): boolean {
    const relative = this.toFolderRelative(repoPath);
    if (relative === undefined) {
      return false;
    }
    if (this.includes(relative) || this.inputs(relative)) {
      return true;
    }
    return withFolders && ancestorFolders(relative).some((dir) => dir !== '' && this.includes(dir));
  }

  /** Whether something below an ignored folder may still be named by the globs, so it must be walked. */
  mayForceBelow(repoPath: string): boolean {
    const relative = this.toFolderRelative(repoPath);
    return relative !== undefined && this.forcedBases.some((base) => base === '' || base === relative || base.startsWith(`${relative}/`) || relative.startsWith(`${base}/`));
  }

  /**
   * Whether one path is indexed, with the rules read so far (file watchers and open documents ask; the walker
   * decides folder by folder instead).
   */
  isIndexed(repoPath: string): boolean {
    const segments = repoPath.split('/');
    if (segments.slice(0, -1).some((segment) => neverIndexedFolders.has(segment))) {
      return false;
    }
    return this.isFileForced(repoPath, true) || !this.isIgnored(repoPath, false);
  }

  private toFolderRelative(repoPath: string): string | undefined {
    if (this.folderPath === '') {
      return repoPath;
    }
    return repoPath.startsWith(`${this.folderPath}/`) ? repoPath.slice(this.folderPath.length + 1) : undefined;
  }
}

/**
 * A pattern of the ignore file of `dir` as a pattern of the repository root's: one with a slash before its end is
 * relative to `dir`; one without may match at any depth below it. Blank lines and comments give nothing.
 */
function rebasePattern(line: string, dir: string): string | undefined {
  if (line.trim() === '' || line.startsWith('#')) {
    return undefined;
  }
  if (dir === '') {
    return line;
  }
  const negation = line.startsWith('!') ? '!' : '';
  const pattern = line.slice(negation.length);
  const isAnchored = pattern.trimEnd().replace(/\/$/, '').includes('/');
  const relative = pattern.startsWith('/') ? pattern.slice(1) : pattern;
  return `${negation}/${dir}/${isAnchored ? '' : '**/'}${relative}`;
}

/** Globs relative to the workspace folder, without `./` and trailing slashes (a folder glob names the folder). */
function normalizeGlobs(globs: readonly string[]): string[] {
  return globs.map((glob) => glob.trim().replace(/^\.\//, '').replace(/\/+$/, '')).filter((glob) => glob !== '');
}

function matcherOf(globs: readonly string[]): (relative: string) => boolean {
  return globs.length > 0 ? picomatch([...globs], { dot: true }) : () => false;
}

function baseOf(glob: string): string {
  return picomatch.scan(glob).base;
}

/** `a/b/c` → `''`, `a`, `a/b`: the folders above a path, outermost first. */
function ancestorFolders(repoPath: string): string[] {
  const segments = repoPath.split('/');
  return segments.map((_, index) => segments.slice(0, index).join('/'));
}

async function readText(file: string): Promise<string | undefined> {
  return readFile(file, 'utf8').catch(() => undefined);
}
