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

/** Figures of two renderers measured in alternation, so both see the same machine load. */
export interface Pair {
  a: Figures;
  b: Figures;
  /** Median over rounds of a's time / b's time. */
  ratio: number;
  /** Median over rounds of a's ns − b's ns. */
  difference: number;
}

/**
 * Times `a` and `b` in alternating rounds of `seconds` of audio each, after a
 * warm-up of both. Comparing within a round cancels most of the noise of a
 * shared machine, which can slow a whole process by half.
 */
export async function measurePair(a: () => void, b: () => void, { warmup = 2, seconds = 0.5, rounds = 9 } = {}): Promise<Pair> {
  const blocks = Math.round((seconds * SR) / BLOCK);
  for (let i = Math.round((warmup * SR) / BLOCK); i > 0; i--) {
    a();
    b();
  }
  const time = (block: () => void) => {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < blocks; i++) block();
    return Number(process.hrtime.bigint() - t0) / (blocks * BLOCK);
  };
  const as: number[] = [];
  const bs: number[] = [];
  const ratios: number[] = [];
  const differences: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const ta = time(a);
    const tb = time(b);
    as.push(ta);
    bs.push(tb);
    ratios.push(ta / tb);
    differences.push(ta - tb);
  }
  const median = (xs: number[]) => xs.sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
  return { a: { ns: median(as), heap: 0, gcs: 0 }, b: { ns: median(bs), heap: 0, gcs: 0 }, ratio: median(ratios), difference: median(differences) };
}
