import { constants, PerformanceObserver } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { CHAINS, gc, gcEvents, runtime, SEED } from './test-support.js';

describe('render loop memory', () => {
  // The seed's chain is compiled into one loop with every kernel inlined, so
  // nothing is boxed or allocated per sample: no GC at all while rendering.
  it.runIf(gc)('renders 60 s of the seed example in 128-frame blocks with no GC event and no heap growth', async () => {
    const rt = runtime(48000, 2);
    rt.evaluate(SEED);
    const out = new Float32Array(128 * 2);
    const blocks = (60 * 48000) / 128;
    for (let i = 0; i < 750; i++) rt.render(out, 128); // 2 s so the JIT settles
    gc!();
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
    gc!();
    const heapAfter = process.memoryUsage().heapUsed;
    await new Promise((resolve) => setTimeout(resolve, 100)); // gc entries arrive asynchronously
    observer.disconnect();
    // The forced gc() after the loop is the one collection we expect.
    expect(kinds.filter((k) => k !== constants.NODE_PERFORMANCE_GC_MAJOR)).toEqual([]);
    expect(kinds.length).toBeLessThanOrEqual(1);
    expect(heapAfter - heapBefore).toBeLessThan(64 * 1024);
    expect(peak).toBeGreaterThan(0);
  });

  it.runIf(gc)('allocates nothing per block for a user signal: no GC at all over 60 s', async () => {
    const rt = runtime(48000, 2);
    rt.evaluate(`register('tone', s => 0.2 * Math.sin(2 * Math.PI * 440 * s.t));`);
    expect(await gcEvents(rt, 2, 60)).toBe(0);
  });
});

describe('every helper, compiled', () => {
  // A step too big for V8 to inline returns its sample boxed: one allocation
  // per sample, five or more minor GCs in 10 s of audio. Each helper must show
  // at most two (the observer's own bookkeeping, a late tier-up of the JIT on a
  // loaded machine).
  it.runIf(gc)(
    'allocates nothing per sample: no GC over 10 s of audio, for each helper',
    async () => {
      const allocating: string[] = [];
      for (const [name, chain] of Object.entries(CHAINS)) {
        const rt = runtime(48000, 2);
        rt.evaluate(`const x = osc(220); play('h', ${chain});`);
        const events = await gcEvents(rt, 3, 10);
        if (events > 2) allocating.push(`${name} (${events} GCs)`);
      }
      expect(allocating).toEqual([]);
    },
    60_000,
  );
});

describe('slow modulation', () => {
  // Code a slow LFO first runs well after its loop was optimised (the second
  // half of a 5 Hz cycle) once left V8 deoptimising there and then running
  // the loop partly unoptimised for good: 18 GCs in 80 s for a stereo vibrato
  // in half the runs. The LFO has no arithmetic in branches now.
  // Likewise the falling edge of a 1 Hz pulse (a gate: 34–126 GCs in 80 s in 1 run of 5), the
  // release of an envelope, a sample-and-hold's first trigger and a 0.3 Hz triangle's second
  // half (287 GCs in 40 s, every run, with channels written out): their helpers now compute
  // every branch's arithmetic, and make every comparison, each frame.
  it.runIf(gc)(
    'slow LFOs, gates and envelopes render 60 s with no GC at all, each in three fresh runtimes',
    async () => {
      const counts: number[] = [];
      for (const chain of [
        'pipe(tri(220), x => vibrato(x, 5, 0.5))',
        'pipe(tri(220), x => chorus(x, 0.8, 0.5, 0.5))',
        'gain(saw(110), adsr(square(1), 0.01, 0.1, 0.5, 0.2))',
        'sampleHold(osc(220), trigger(phasor(8)))',
        'lpf(saw(110), mix(gain(tri(0.3), 400), 800), 0.5)',
      ]) {
        for (let run = 0; run < 3; run++) {
          const rt = runtime(48000, 2);
          rt.evaluate(`register('m', ${chain}, { channels: 2 });`);
          counts.push(await gcEvents(rt, 4, 60));
        }
      }
      expect(counts).toEqual(Array.from(counts, () => 0));
      expect(counts).toHaveLength(15);
    },
    120_000,
  );
});
