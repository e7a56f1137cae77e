/** What a branch changed in one file: whether the file is new, and the lines it added or rewrote (0-based, inclusive). */
export interface FileChange {
  isNew: boolean;
  /** The path before a rename, when git detected one. */
  renamedFrom?: string;
  addedLines: readonly (readonly [number, number])[];
}

/**
 * Reads `git diff --unified=0` output (paths as git prints them, `a/` and `b/` prefixes) into the changed lines of
 * each file of the new side. Deleted files are left out (nothing of theirs is in the workspace any more). Never
 * throws: lines it does not understand are skipped.
 */
export function parseUnifiedDiff(text: string): Map<string, FileChange> {
  const changes = new Map<string, FileChange>();
  let current: { path?: string; isNew: boolean; renamedFrom?: string; added: [number, number][] } | undefined;
  const flush = (): void => {
    if (current?.path !== undefined) {
      changes.set(current.path, { isNew: current.isNew, ...(current.renamedFrom ? { renamedFrom: current.renamedFrom } : {}), addedLines: current.added });
    }
  };
  for (const line of text.split('\n')) {
    if (line.startsWith('diff --git ')) {
      flush();
      current = { isNew: false, added: [] };
    } else if (!current) {
      continue;
    } else if (line.startsWith('new file mode')) {
      current.isNew = true;
    } else if (line.startsWith('rename from ')) {
      current.renamedFrom = unquote(line.slice('rename from '.length));
    } else if (line.startsWith('rename to ')) {
      // A pure rename has no `+++` line: the new path comes from here.
      current.path = unquote(line.slice('rename to '.length));
    } else if (line.startsWith('+++ ')) {
      const target = line.slice(4);
      current.path = target === '/dev/null' ? undefined : stripPrefix(unquote(target));
    } else if (line.startsWith('@@')) {
      const match = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/.exec(line);
      const start = match ? Number(match[1]) : Number.NaN;
      const count = match?.[2] === undefined ? 1 : Number(match[2]);
      if (Number.isFinite(start) && count > 0) {
        current.added.push([start - 1, start - 1 + count - 1]);
      }
    }
  }
  flush();
  return changes;
}

/** Whether any line of `[start, end]` (0-based, inclusive) was added or rewritten. */
export function touchesChangedLines(change: FileChange | undefined, start: number, end: number): boolean {
  return change !== undefined && (change.isNew || change.addedLines.some(([from, to]) => from <= end && start <= to));
}

function stripPrefix(path: string): string {
  return path.replace(/^[ab]\//, '');
}

/** git quotes paths with unusual characters in C style: `"a/t\303\251st.ts"`. */
function unquote(path: string): string {
  if (!path.startsWith('"')) {
    return path;
  }
  const bytes: number[] = [];
  const body = path.slice(1, path.endsWith('"') ? -1 : undefined);
  for (let index = 0; index < body.length; index++) {
    const char = body[index]!;
    if (char !== '\\') {
      bytes.push(...new TextEncoder().encode(char));
      continue;
    }
    const next = body[++index] ?? '';
    if (/[0-7]/.test(next)) {
      bytes.push(Number.parseInt(body.slice(index, index + 3), 8));
      index += 2;
    } else {
      bytes.push(({ n: 10, t: 9, '"': 34, '\\': 92 } as Record<string, number>)[next] ?? next.charCodeAt(0));
    }
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}
