import { performance } from 'node:perf_hooks';
import { javascriptImportQuery } from '../src/core/index/imports/javascript';
import { javascriptIndexer } from '../src/host/indexers/javascriptIndexer';
import { createSourceIndexer } from '../src/host/sourceIndexer';
import { TreeSitterHost } from '../src/host/treeSitterHost';
import { wasmLocator } from '../src/host/wasmLocator';
import { percentile } from './stats';

/** Median and p95 of one step, over repeated runs on the same text. */
export interface StepTiming {
  step: string;
  p50Ms: number;
  p95Ms: number;
}

/**
 * Where an edit's time goes before analysis, in this thread: what reading the whole 2,000-line file costs per step,
 * against what the server does for an open document (re-parse from the kept tree, re-read the edited statements).
 */
export async function editBreakdown(file: string, text: string, wasmDir: string, repeats = 40): Promise<StepTiming[]> {
  const host = await TreeSitterHost.create(wasmLocator(wasmDir));
  const composite = createSourceIndexer(host, { repoRoot: '/nonexistent', folder: '/nonexistent', sarifGlobs: [] });
  // Types and deletes one character at the end of an identifier in the middle of the file, in turn.
  const at = text.indexOf(' = ', Math.floor(text.length / 2));
  let current = text;
  const typed = (): string => {
    current = current === text ? `${text.slice(0, at)}x${text.slice(at)}` : text;
    return current;
  };
  const steps: [string, () => Promise<unknown>][] = [
    ['parse (full)', () => host.withMatches('typescript', text, [], () => 0)],
    ['parse + import query (floor)', () => host.withMatches('typescript', text, [javascriptImportQuery('typescript')], ([matches]) => matches?.length)],
    ['javascriptIndexer', () => javascriptIndexer(host).index(file, text)],
    ['createSourceIndexer composite (a file read from disk)', () => composite.index(file, text)],
    ['open document, one character typed (what setOpenText runs)', () => composite.indexOpen!(file, typed())],
    ['…and its routing facts settled after publishing', async () => composite.indexOpen!(file, typed()).then(() => composite.settleOpen!(file, current))],
  ];
  const timings: StepTiming[] = [];
  for (const [step, run] of steps) {
    await run(); // grammar and queries loaded outside the timing
    const samples: number[] = [];
    for (let at = 0; at < repeats; at++) {
      const started = performance.now();
      await run();
      samples.push(performance.now() - started);
    }
    timings.push({ step, p50Ms: percentile(samples, 50), p95Ms: percentile(samples, 95) });
  }
  return timings;
}
