import fc from 'fast-check';

/**
 * Near-valid inputs: a real file (a fixture) with a few structural edits, the way hand-edited, merge-conflicted,
 * truncated or generated files go wrong. Random strings alone would mostly test the first byte of each parser.
 */

/** Tokens that mean something to one of the formats read (JSON, YAML, TOML, XML, HCL, requirements, go.mod…). */
const tokens = [
  '{', '}', '[', ']', '(', ')', '"', "'", ':', ',', '=', '==', '>=', '~=', '^', '\n', '\r\n', '\r', '\t', ' ', '#', '//', '/*', '--',
  '${a}', '${', '}}', '{{ .Values.x }}', '&a ', '*a', '!!binary ', '<<: *a', '---\n', '...\n', '|\n', '>-\n', '? ', '- ', '<', '>', '</x>', '<x>', '<!--', '<![CDATA[',
  '&lt;', '&xxe;', '@', '\\', '\\\n', '\u0000', '\ufeff', '\u2028', '😀', 'é', 'x'.repeat(1024), '0.0.0.0/0', 'latest', 'true', 'null', '-1', '1e309',
  '__proto__', 'constructor', '../../etc/passwd', 'node_modules/', 'npm:', 'workspace:*', 'file:', 'git+https://x/y.git', 'v1.2.3', '=1.2.3', '1.2.3-rc.1+b',
  'dynamic "x" {', 'content {', 'resource "a" "b" {', '[[package]]', '[tool.poetry]', 'FROM ', 'USER root', 'RUN ', '<<<<<<< HEAD\n', '=======\n', '>>>>>>> main\n',
];

/** Values a JSON document may hold where a reader expects something else. */
const jsonValues: unknown[] = [
  null, 0, -1, 1.5, 2 ** 53 + 1, true, false, '', ' ', '__proto__', 'constructor', '${x}', '../../x', '\u0000', '😀', 'x'.repeat(1024),
  '1.0.0', '=1.2.3', '^1.2.3', 'latest', [], [null], {}, JSON.parse('{"__proto__": {"polluted": true}}'), { '': '' }, [[[[[[[[1]]]]]]]], nested(200),
];

function nested(depth: number): unknown {
  let value: unknown = 1;
  for (let level = 0; level < depth; level++) {
    value = { a: value };
  }
  return value;
}

/** One edit; positions are taken modulo the text's size, so every edit applies to every text. */
export type Edit =
  | { kind: 'deleteLine' | 'duplicateLine' | 'truncate'; at: number }
  | { kind: 'swapLines' | 'repeatLine'; at: number; other: number }
  | { kind: 'insert' | 'replaceLine'; at: number; token: string }
  | { kind: 'jsonDelete' | 'jsonDuplicate'; at: number }
  | { kind: 'jsonReplace'; at: number; value: unknown };

const textEdit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constantFrom('deleteLine' as const, 'duplicateLine' as const, 'truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constantFrom('swapLines' as const, 'repeatLine' as const), at: fc.nat(), other: fc.nat() }),
  fc.record({ kind: fc.constantFrom('insert' as const, 'replaceLine' as const), at: fc.nat(), token: fc.constantFrom(...tokens) }),
);

const jsonEdit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constantFrom('jsonDelete' as const, 'jsonDuplicate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('jsonReplace' as const), at: fc.nat(), value: fc.constantFrom(...jsonValues) }),
);

/** A seed and the edits made to it; `text` is the result. */
export interface NearValid {
  seed: number;
  edits: Edit[];
  text: string;
}

/** Near-valid variants of `seeds`: 1–4 edits each, structural JSON edits too when `isJson`. */
export function nearValid(seeds: readonly string[], isJson: boolean): fc.Arbitrary<NearValid> {
  const edit = isJson ? fc.oneof({ weight: 2, arbitrary: jsonEdit }, { weight: 3, arbitrary: textEdit }) : textEdit;
  return fc
    .record({ seed: fc.nat({ max: seeds.length - 1 }), edits: fc.array(edit, { minLength: 1, maxLength: 4 }) })
    .map(({ seed, edits }) => ({ seed, edits, text: edits.reduce(applyEdit, seeds[seed]!) }));
}

function applyEdit(text: string, edit: Edit): string {
  const lines = text.split('\n');
  const line = (at: number): number => at % Math.max(1, lines.length);
  switch (edit.kind) {
    case 'deleteLine':
      lines.splice(line(edit.at), 1);
      return lines.join('\n');
    case 'duplicateLine':
      lines.splice(line(edit.at), 0, lines[line(edit.at)] ?? '');
      return lines.join('\n');
    case 'truncate':
      return text.slice(0, edit.at % (text.length + 1));
    case 'swapLines': {
      const [a, b] = [line(edit.at), line(edit.other)];
      [lines[a], lines[b]] = [lines[b]!, lines[a]!];
      return lines.join('\n');
    }
    case 'repeatLine':
      lines.splice(line(edit.at), 0, ...Array.from({ length: 1 + (edit.other % 50) }, () => lines[line(edit.at)] ?? ''));
      return lines.join('\n');
    case 'insert': {
      const at = edit.at % (text.length + 1);
      return text.slice(0, at) + edit.token + text.slice(at);
    }
    case 'replaceLine':
      lines[line(edit.at)] = edit.token;
      return lines.join('\n');
    default:
      return editJson(text, edit);
  }
}

/** A structural edit of a JSON document at its `at`-th node; a text that is not JSON (any more) is left alone. */
function editJson(text: string, edit: Extract<Edit, { kind: 'jsonDelete' | 'jsonDuplicate' | 'jsonReplace' }>): string {
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch {
    return text;
  }
  const slots: { container: Record<string, unknown> | unknown[]; key: string | number }[] = [];
  const collect = (value: unknown): void => {
    if (Array.isArray(value)) {
      value.forEach((item, index) => {
        slots.push({ container: value, key: index });
        collect(item);
      });
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, item] of Object.entries(value)) {
        slots.push({ container: value as Record<string, unknown>, key });
        collect(item);
      }
    }
  };
  collect(root);
  const slot = slots[edit.at % Math.max(1, slots.length)];
  if (!slot) {
    return text;
  }
  const { container, key } = slot;
  if (edit.kind === 'jsonReplace') {
    (container as Record<string | number, unknown>)[key] = edit.value;
  } else if (Array.isArray(container)) {
    container.splice(key as number, edit.kind === 'jsonDelete' ? 1 : 0, ...(edit.kind === 'jsonDuplicate' ? [container[key as number]] : []));
  } else if (edit.kind === 'jsonDelete') {
    delete container[key as string];
  } else {
    container[`${key as string}-copy`] = container[key as string];
  }
  // Keeps the seed's layout (pretty or minified) so only the edit differs.
  return JSON.stringify(root, null, /^\s*[[{]\s*\n/.test(text) ? 2 : undefined);
}
