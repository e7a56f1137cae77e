import { performance } from 'node:perf_hooks';
import { javascriptImportQuery } from '../src/core/index/imports/javascript';
import type { SourceIndexer } from '../src/engine/ports';
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
 * Where an edit's time goes before analysis: what re-indexing the whole 2,000-line file costs per step, in this
 * thread (the server re-indexes an open document's full text on every change).
 */
export async function editBreakdown(file: string, text: string, wasmDir: string, repeats = 40): Promise<StepTiming[]> {
  const host = await TreeSitterHost.create(wasmLocator(wasmDir));
  const composite = createSourceIndexer(host, { repoRoot: '/nonexistent', folder: '/nonexistent', sarifGlobs: [] });
  const steps: [string, () => Promise<unknown>][] = [
    ['parse (full)', () => host.withMatches('typescript', text, [], () => 0)],
    ['parse + import query (floor)', () => host.withMatches('typescript', text, [javascriptImportQuery('typescript')], ([matches]) => matches?.length)],
    ['javascriptIndexer', () => javascriptIndexer(host).index(file, text)],
    ['createSourceIndexer composite (what setOpenText runs)', () => (composite as SourceIndexer).index(file, text)],
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
