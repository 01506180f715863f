import { PerformanceObserver } from 'node:perf_hooks';

export const SR = 48000;
export const BLOCK = 128;

export interface Figures {
  /** Median nanoseconds per sample frame. */
  ns: number;
  /** Heap growth over the timed runs, bytes (after a full GC). */
  heap: number;
  /** GC events during the timed runs. */
  gcs: number;
}

/**
 * Times `block()` (which renders BLOCK frames): warm-up first so the JIT has
 * optimised, then `runs` runs of `seconds` of audio each; the median wins.
 */
export async function measure(block: () => void, { warmup = 3, seconds = 1, runs = 5 } = {}): Promise<Figures> {
  const blocksPer = (s: number) => Math.round((s * SR) / BLOCK);
  for (let i = blocksPer(warmup); i > 0; i--) block();
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  let gcs = 0;
  const observer = new PerformanceObserver((list) => {
    gcs += list.getEntries().length;
  });
  observer.observe({ entryTypes: ['gc'] });
  const heapBefore = process.memoryUsage().heapUsed;
  const times: number[] = [];
  const n = blocksPer(seconds);
  for (let r = 0; r < runs; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) block();
    times.push(Number(process.hrtime.bigint() - t0) / (n * BLOCK));
  }
  await new Promise((resolve) => setTimeout(resolve, 20));
  observer.disconnect();
  gc?.();
  const heap = process.memoryUsage().heapUsed - heapBefore;
  times.sort((a, b) => a - b);
  return { ns: times[Math.floor(times.length / 2)]!, heap, gcs };
}
