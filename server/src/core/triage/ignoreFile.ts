import picomatch from 'picomatch';
import { isSeq, LineCounter, parseDocument } from 'yaml';
import type { Parsed, ParseProblem } from '../model/dependency';
import type { Finding } from '../model/finding';

/** Where the local ignore file lives, relative to the workspace folder. */
export const ignoreFilePath = '.aspm/ignore.yaml';

/** One entry of `.aspm/ignore.yaml`: which findings it hides, why, and until when. */
export interface IgnoreEntry {
  /** Finding id, advisory id or alias. */
  id?: string;
  /** Rule id (SAST/IaC rules, advisories). */
  rule?: string;
  /** Glob of repository-relative paths the entry is limited to. */
  path?: string;
  reason: string;
  /** ISO date; from then on the entry stops hiding anything. */
  expires?: string;
  /** 1-based line of the entry in the file, for messages. */
  line: number;
}

/** Alias expansions allowed while reading the ignore file (the `yaml` library's own default, said explicitly). */
const maxIgnoreAliasCount = 100;

/**
 * Parses `.aspm/ignore.yaml`: a list under `ignore:` (or a top-level list) of entries with `id` or `rule`, an
 * optional `path` glob, a required `reason` and an optional `expires` date. Invalid entries are reported and skipped.
 */
export function parseIgnoreFile(text: string, path: string): Parsed<IgnoreEntry[]> {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  const problems: ParseProblem[] = document.errors.slice(0, 3).map((error) => ({ path, message: `Invalid YAML: ${error.message.split('\n')[0]}` }));
  if (document.errors.length > 0) {
    return { problems };
  }
  // An alias bomb (aliases of aliases, a billion laughs) throws here; the engine reads this file in isolation.
  const root: unknown = document.toJS({ maxAliasCount: maxIgnoreAliasCount });
  const list: unknown = Array.isArray(root) ? root : isRecord(root) ? root.ignore : undefined;
  if (root !== null && root !== undefined && !Array.isArray(list)) {
    return { problems: [{ path, message: 'expected a list of entries under "ignore:"' }] };
  }
  const items = (document.contents && 'items' in document.contents ? document.contents.items : []) as unknown[];
  const nodes = Array.isArray(root) ? items : ((document.get('ignore', true) as { items?: unknown[] } | undefined)?.items ?? []);
  const entries: IgnoreEntry[] = [];
  (Array.isArray(list) ? (list as unknown[]) : []).forEach((raw, index) => {
    const offset = (nodes[index] as { range?: [number] } | undefined)?.range?.[0] ?? 0;
    const line = lineCounter.linePos(offset).line;
    const entry = toEntry(raw, line);
    if (typeof entry === 'string') {
      problems.push({ path, message: `entry ${index + 1} (line ${line}): ${entry}`, range: { start: { line: line - 1, character: 0 }, end: { line: line - 1, character: 0 } } });
    } else {
      entries.push(entry);
    }
  });
  return { value: entries, problems };
}

function toEntry(raw: unknown, line: number): IgnoreEntry | string {
  if (!isRecord(raw)) {
    return 'not a mapping';
  }
  const id = optionalString(raw.id);
  const rule = optionalString(raw.rule);
  const path = optionalString(raw.path);
  const reason = optionalString(raw.reason);
  const expiresRaw: unknown = raw.expires;
  const expires = expiresRaw instanceof Date ? expiresRaw.toISOString() : optionalString(expiresRaw);
  if (!id && !rule) {
    return 'needs an "id" or a "rule"';
  }
  if (!reason) {
    return 'needs a "reason" (say why it is safe to hide)';
  }
  if (expires !== undefined && Number.isNaN(Date.parse(expires))) {
    return `"expires" is not a date: ${expires}`;
  }
  return { id, rule, path, reason, expires, line };
}

/** The entry that hides a finding at `now`, if any. Expired entries hide nothing. */
export function matchIgnoreEntry(entries: readonly IgnoreEntry[], finding: Finding, findingPath: string | undefined, now: Date): IgnoreEntry | undefined {
  const ids = new Set([finding.id, finding.ruleId, ...(finding.aliases ?? [])].filter((id): id is string => Boolean(id)).map((id) => id.toUpperCase()));
  return entries.find((entry) => {
    if (entry.expires !== undefined && Date.parse(entry.expires) <= now.getTime()) {
      return false;
    }
    const matchesId = entry.id !== undefined && ids.has(entry.id.toUpperCase());
    const matchesRule = entry.rule !== undefined && (finding.ruleId?.toUpperCase() === entry.rule.toUpperCase() || ids.has(entry.rule.toUpperCase()));
    if (!matchesId && !matchesRule) {
      return false;
    }
    return entry.path === undefined || (findingPath !== undefined && picomatch.isMatch(findingPath, entry.path, { dot: true }));
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : typeof value === 'number' ? String(value) : undefined;
}

/**
 * The text of the ignore file with one more entry, keeping existing entries and comments. A missing or empty file
 * gets a commented header; a file that does not parse is left alone (undefined) rather than rewritten.
 */
export function appendIgnoreEntry(existing: string | undefined, entry: Omit<IgnoreEntry, 'line'>): string | undefined {
  const fresh = existing === undefined || existing.trim() === '';
  const document = fresh
    ? parseDocument('# Findings hidden in this workspace by ASPM. Each entry needs a reason; expired entries stop hiding.\nignore: []\n')
    : parseDocument(existing);
  if (document.errors.length > 0) {
    return undefined;
  }
  const item: Record<string, string> = {};
  if (entry.id) {
    item.id = entry.id;
  }
  if (entry.rule) {
    item.rule = entry.rule;
  }
  if (entry.path) {
    item.path = entry.path;
  }
  item.reason = entry.reason;
  if (entry.expires) {
    item.expires = entry.expires.slice(0, 10);
  }
  const list = document.get('ignore', true);
  if (isSeq(list)) {
    list.flow = false; // `ignore: []` becomes a block list
    (list.items as unknown[]).push(document.createNode(item));
  } else if (isSeq(document.contents)) {
    (document.contents.items as unknown[]).push(document.createNode(item));
  } else {
    document.set('ignore', document.createNode([item]));
  }
  return document.toString();
}
