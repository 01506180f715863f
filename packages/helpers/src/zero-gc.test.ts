import { constants, PerformanceObserver } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { exposedGc } from '@aither/helper-kit';
import { gcEvents, runtime, SEED } from './test-support.js';

// Each helper is checked for GC by the conformance suite (conformance.test.ts),
// and under slow modulation where its row gives a `slow` use; these are whole
// sessions. Without an exposed gc they fail (exposedGc throws): a skipped
// zero-GC test would pass whatever the loop allocates.
describe('render loop memory', () => {
  // The seed's chain is compiled into one loop with every kernel inlined, so
  // nothing is boxed or allocated per sample: no GC at all while rendering.
  it('renders 60 s of the seed example in 128-frame blocks with no GC event and no heap growth', async () => {
    const rt = runtime(48000, 2);
    rt.evaluate(SEED);
    const out = new Float32Array(128 * 2);
    const blocks = (60 * 48000) / 128;
    const gc = exposedGc();
    for (let i = 0; i < 750; i++) rt.render(out, 128); // 2 s so the JIT settles
    gc();
    const kinds: number[] = [];
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) kinds.push((entry as unknown as { detail: { kind: number } }).detail.kind);
    });
    observer.observe({ entryTypes: ['gc'] });
    const heapBefore = process.memoryUsage().heapUsed;
    let peak = 0;
    for (let i = 0; i < blocks; i++) {
      rt.render(out, 128);
      if (i % 375 === 0) peak = Math.max(peak, Math.abs(out[0]!));
    }
    gc();
    const heapAfter = process.memoryUsage().heapUsed;
    await new Promise((resolve) => setTimeout(resolve, 100)); // gc entries arrive asynchronously
    observer.disconnect();
    // The forced gc() after the loop is the one collection we expect.
    expect(kinds.filter((k) => k !== constants.NODE_PERFORMANCE_GC_MAJOR)).toEqual([]);
    expect(kinds.length).toBeLessThanOrEqual(1);
    expect(heapAfter - heapBefore).toBeLessThan(64 * 1024);
    expect(peak).toBeGreaterThan(0);
  });

  it('allocates nothing per block for a user signal: no GC at all over 60 s', async () => {
    const rt = runtime(48000, 2);
    rt.evaluate(`register('tone', s => 0.2 * Math.sin(2 * Math.PI * 440 * s.t));`);
    expect(await gcEvents(rt, 2, 60)).toBe(0);
  });
});
