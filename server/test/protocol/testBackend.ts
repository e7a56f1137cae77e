import { scenarioPath, startFixtureBackend, type FixtureBackend } from '../../../test-fixtures/backend/fixtureBackend';

/** Starts the fixture backend on loopback for a scenario. */
export function startBackend(scenario: string, port?: number): Promise<FixtureBackend> {
  return startFixtureBackend({ scenarioDir: scenarioPath(scenario), port });
}

/** The `aspm` settings section a client would send for the node-express sample. */
export function sampleSettings(backendUrl: string, overrides: { minPriority?: number; showUnreachable?: boolean; repository?: string } = {}): Record<string, unknown> {
  return {
    backend: { url: backendUrl, timeoutMs: 3000 },
    repository: overrides.repository ?? 'github.com/acme/node-shop',
    diagnostics: { minPriority: overrides.minPriority ?? 40, showUnreachable: overrides.showUnreachable ?? false },
  };
}

/** 0-based line of the first line containing `needle`. */
export function lineOf(text: string, needle: string): number {
  const line = text.split('\n').findIndex((candidate) => candidate.includes(needle));
  if (line < 0) {
    throw new Error(`${JSON.stringify(needle)} not found`);
  }
  return line;
}

/** Applies LSP text edits (non-overlapping) to a text. */
export function applyEdits(text: string, edits: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[]): string {
  const lines = text.split('\n');
  const offsetOf = (position: { line: number; character: number }): number =>
    lines.slice(0, position.line).reduce((sum, line) => sum + line.length + 1, 0) + position.character;
  return [...edits]
    .sort((a, b) => offsetOf(b.range.start) - offsetOf(a.range.start))
    .reduce((current, edit) => current.slice(0, offsetOf(edit.range.start)) + edit.newText + current.slice(offsetOf(edit.range.end)), text);
}
