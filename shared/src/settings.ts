/**
 * The settings the language server reads, as one zod schema with defaults: the single source of truth.
 * `package.json` `contributes.configuration` must declare the same keys and defaults (checked by a unit test).
 */
import { z } from 'zod';

/** The platforms findings can be pulled from (the server's `SourceKind`). */
export const sourceKindNames = ['aspm', 'defectdojo', 'dependency-track', 'github'] as const;

/** One entry of `aspm.sources`. */
export const sourceSettingSchema = z.object({
  kind: z.enum(sourceKindNames),
  url: z.string().min(1),
  /** DefectDojo product, Dependency-Track project or GitHub `owner/repo`; default: from the repository identity. */
  project: z.string().min(1).optional(),
});

export type SourceSetting = z.infer<typeof sourceSettingSchema>;

export const settingsSchema = z.object({
  backend: z
    .object({
      /** Base URL of the ASPM backend (machine scope, so a workspace cannot redirect the token). */
      url: z.string().default(''),
      /** Timeout of one backend request, in milliseconds. */
      timeoutMs: z.number().int().min(1000).max(120000).default(15000),
      /** PEM files of extra certificate authorities to trust (on top of the system's), for private backends. */
      caCertificates: z.array(z.string()).default([]),
    })
    .prefault({}),
  /**
   * Platforms to pull findings from and write triage to (machine scope: a workspace cannot redirect tokens).
   * `backend.url` counts as one more `aspm` source (see {@link configuredSources}).
   */
  sources: z.array(sourceSettingSchema).default([]),
  /**
   * Normalized repository identity (`github.com/acme/shop`) used to look up services. Empty: derived from the
   * git remote `origin`.
   */
  repository: z.string().default(''),
  sarif: z
    .object({
      /** Globs of local SARIF reports (any scanner) to read, relative to the workspace folder. */
      paths: z.array(z.string()).default(['**/*.sarif']),
    })
    .prefault({}),
  osv: z
    .object({
      /** Folder of OSV advisory records (JSON) matched against the dependency graph when no backend is configured. */
      path: z.string().default(''),
      /** OSV-API-compatible endpoint (package names and versions are sent there); empty: not used. */
      url: z.string().default(''),
    })
    .prefault({}),
  index: z
    .object({
      /**
       * Globs of folders (or files), relative to the workspace folder, indexed even though `.gitignore` or
       * `.aspmignore` ignore them, with everything below them; `**` indexes every ignored folder.
       */
      includeIgnored: z.array(z.string()).default([]),
    })
    .prefault({}),
  diagnostics: z
    .object({
      /** Findings scoring below this 0–100 priority are not published as diagnostics. */
      minPriority: z.number().int().min(0).max(100).default(40),
      /** Also publish findings whose package is only declared or dev-only. */
      showUnreachable: z.boolean().default(false),
      /**
       * `changed`: publish only what the current branch introduces (new or changed dependency versions, findings on
       * lines changed since the merge-base with the default branch, new IaC resources); `all`: everything.
       */
      scope: z.enum(['all', 'changed']).default('all'),
      /**
       * Diagnostics in source files at the sites that reach a shown vulnerable package: `calls` (calls of its
       * vulnerable functions; its imports where the advisory names none or the calls cannot be checked), `imports`
       * (every call and import), `off`.
       */
      sourceSites: z.enum(['calls', 'imports', 'off']).default('calls'),
    })
    .prefault({}),
});

/**
 * Settings a repository must not decide for whoever opens or scans it: they select what is fetched and read, or
 * what is hidden. VS Code ignores their workspace values in untrusted workspaces (package.json
 * `capabilities.untrustedWorkspaces.restrictedConfigurations`, kept equal by a unit test); the CLI ignores them in
 * the scanned folder's `.vscode/settings.json` unless told to trust it.
 */
export const restrictedSettingKeys = ['aspm.repository', 'aspm.diagnostics.minPriority', 'aspm.sarif.paths', 'aspm.osv.path'] as const;

/** Settings after parsing and defaults: always complete. */
export type Settings = z.infer<typeof settingsSchema>;

/** Default settings, equal to parsing an empty object. */
export const defaultSettings: Settings = settingsSchema.parse({});

/**
 * Parses raw settings (as returned by `workspace/configuration` for section `aspm`). Invalid values fall back to
 * their defaults one by one, and each problem is reported, so one typo never disables the extension.
 */
export function parseSettings(raw: unknown): { settings: Settings; problems: string[] } {
  const parsed = settingsSchema.safeParse(raw ?? {});
  if (parsed.success) {
    return { settings: parsed.data, problems: [] };
  }
  const problems = parsed.error.issues.map((issue) => `aspm.${issue.path.join('.')}: ${issue.message}`);
  const cleaned = structuredCloneWithout(raw, parsed.error.issues.map((issue) => issue.path));
  const retry = settingsSchema.safeParse(cleaned);
  return { settings: retry.success ? retry.data : defaultSettings, problems };
}

function structuredCloneWithout(raw: unknown, paths: PropertyKey[][]): unknown {
  if (typeof raw !== 'object' || raw === null) {
    return {};
  }
  const copy = JSON.parse(JSON.stringify(raw)) as Record<string, unknown>;
  // An invalid `aspm.sources` entry is dropped whole; the valid ones are kept.
  const badSources = new Set(paths.filter((path) => path[0] === 'sources' && typeof path[1] === 'number').map((path) => path[1] as number));
  if (Array.isArray(copy.sources) && badSources.size > 0) {
    copy.sources = (copy.sources as unknown[]).filter((_, index) => !badSources.has(index));
  }
  for (const path of paths.filter((candidate) => !(candidate[0] === 'sources' && typeof candidate[1] === 'number'))) {
    let node: unknown = copy;
    for (const key of path.slice(0, -1)) {
      node = typeof node === 'object' && node !== null ? (node as Record<PropertyKey, unknown>)[key] : undefined;
    }
    const last = path[path.length - 1];
    if (typeof node === 'object' && node !== null && last !== undefined) {
      delete (node as Record<PropertyKey, unknown>)[last];
    }
  }
  return copy;
}

/** Flattened `aspm.*` keys with their defaults, e.g. `aspm.backend.url` → `''`. */
export function flattenSettingDefaults(): Record<string, unknown> {
  const flat: Record<string, unknown> = {};
  const walk = (prefix: string, value: unknown): void => {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      for (const [key, child] of Object.entries(value)) {
        walk(`${prefix}.${key}`, child);
      }
    } else {
      flat[prefix] = value;
    }
  };
  walk('aspm', defaultSettings);
  return flat;
}

/** A source's stable id: its kind and URL without trailing slashes (the server's `sourceIdOf`). Tokens are kept per id. */
export function sourceSettingId(source: Pick<SourceSetting, 'kind' | 'url'>): string {
  return `${source.kind}:${source.url.trim().replace(/\/+$/, '')}`;
}

/**
 * Every configured source: `aspm.backend.url` (when set) as an `aspm` source first, then `aspm.sources`, each id
 * once.
 */
export function configuredSources(settings: Pick<Settings, 'backend' | 'sources'>): SourceSetting[] {
  const all: SourceSetting[] = settings.backend.url.trim() === '' ? [] : [{ kind: 'aspm', url: settings.backend.url.trim() }];
  for (const source of settings.sources) {
    if (!all.some((known) => sourceSettingId(known) === sourceSettingId(source))) {
      all.push({ ...source, url: source.url.trim() });
    }
  }
  return all;
}

/**
 * Settings only the user's machine may set (`"scope": "machine"` in package.json, kept equal by a unit test): VS Code
 * ignores their values in a workspace's `.vscode/settings.json`, and so does the CLI (its flags set them instead).
 */
export const machineSettingKeys = ['aspm.backend.url', 'aspm.sources', 'aspm.backend.timeoutMs', 'aspm.backend.caCertificates', 'aspm.osv.url'] as const;

/**
 * A folder's `.vscode/settings.json` (flat `aspm.*` keys) read as the editor reads it for that folder: machine-scoped
 * keys are left out, restricted ones too unless the workspace is trusted (`ignoredRestricted` names them), and the
 * rest is parsed with the schema (an invalid value falls back to its default, with a problem).
 */
export function parseWorkspaceSettingsFile(flat: Record<string, unknown>, isTrusted: boolean): { settings: Settings; ignoredRestricted: string[]; problems: string[] } {
  const ignoredRestricted = isTrusted ? [] : restrictedSettingKeys.filter((key) => key in flat);
  const skipped = new Set<string>([...machineSettingKeys, ...ignoredRestricted]);
  const nested: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(flat)) {
    if (!key.startsWith('aspm.') || skipped.has(key)) {
      continue;
    }
    const parts = key.slice('aspm.'.length).split('.');
    let at = nested;
    for (const part of parts.slice(0, -1)) {
      const child = at[part];
      at = (typeof child === 'object' && child !== null ? child : (at[part] = {})) as Record<string, unknown>;
    }
    at[parts[parts.length - 1]!] = value;
  }
  return { ...parseSettings(nested), ignoredRestricted };
}
