import { PerformanceObserver } from 'node:perf_hooks';
import type { Runtime } from '@aither/core';

/**
 * `globalThis.gc`, or an error saying how to expose it: a zero-GC check that
 * skipped without it would pass whatever the helper allocates.
 * @param scope - where to look for it (the global object).
 */
export function exposedGc(scope: { gc?: () => void } = globalThis as { gc?: () => void }): () => void {
  const gc = scope.gc;
  if (!gc) throw new Error('gc is not exposed: run the tests with node --expose-gc (vitest: pool "forks", execArgv ["--expose-gc"])');
  return gc;
}

/**
 * GC events while `rt` renders `seconds` of audio in 128-frame blocks, after
 * `warmup` seconds (for the JIT to settle) and a full collection.
 * @throws when `gc` is not exposed (see {@link exposedGc}).
 */
export async function gcEvents(rt: Runtime, warmup: number, seconds: number): Promise<number> {
  const gc = exposedGc();
  const out = new Float32Array(128 * rt.channels);
  const blocks = (s: number) => Math.ceil((s * rt.sampleRate) / 128);
  for (let i = 0; i < blocks(warmup); i++) rt.render(out, 128);
  gc();
  let events = 0;
  const observer = new PerformanceObserver((list) => {
    events += list.getEntries().length;
  });
  observer.observe({ entryTypes: ['gc'] });
  for (let i = 0; i < blocks(seconds); i++) rt.render(out, 128);
  await new Promise((resolve) => setTimeout(resolve, 50)); // gc entries arrive asynchronously
  observer.disconnect();
  return events;
}
