// What process() allocates, measured in Node (vitest runs each file in its
// own process, with gc exposed: see vitest.shared.ts).
import { PerformanceObserver } from 'node:perf_hooks';
import { expect } from 'vitest';

const gc = (globalThis as { gc?: () => void }).gc;

/**
 * GC events while `quantum` runs `seconds` of audio (after `warmup` seconds
 * and a full GC), and what a quantum allocates once the JIT has settled: the
 * least the heap and array buffers grew per quantum over five windows. With
 * no GC in a window the heap only grows, so an allocation per quantum shows
 * in every window, while the JIT's own one-off work (a late tier-up, a
 * re-optimisation: kilobytes of code and feedback) lands in one or two of
 * them; the smallest window is the quanta's own. A GC count alone misses a
 * small allocation per quantum, which a minute of audio does not make into a
 * young generation's worth.
 */
export async function allocation(quantum: () => void, warmup: number, seconds: number, sampleRate = 48000): Promise<{ kinds: number[]; perQuantum: number }> {
  expect(gc, 'gc is exposed: the zero-GC tests run under node --expose-gc (the shared vitest config); without it they fail rather than skip').toBeTypeOf('function');
  for (let i = 0; i < (warmup * sampleRate) / 128; i++) quantum();
  gc!();
  await new Promise((resolve) => setTimeout(resolve, 50)); // the sweeper finishes: the heap stops shrinking
  const kinds: number[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) kinds.push((entry as unknown as { detail: { kind: number } }).detail.kind);
  });
  observer.observe({ entryTypes: ['gc'] });
  const quanta = Math.round((seconds * sampleRate) / 128 / 5);
  let perQuantum = Infinity;
  for (let w = 0; w < 5; w++) {
    const before = process.memoryUsage();
    for (let i = 0; i < quanta; i++) quantum();
    const after = process.memoryUsage();
    perQuantum = Math.min(perQuantum, (after.heapUsed - before.heapUsed + (after.arrayBuffers - before.arrayBuffers)) / quanta);
  }
  await new Promise((resolve) => setTimeout(resolve, 100)); // gc entries arrive asynchronously
  observer.disconnect();
  return { kinds, perQuantum };
}
