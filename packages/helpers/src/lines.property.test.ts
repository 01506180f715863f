import { claimStateBlock, createRuntime, mapKernel, onBind, type Param, type Runtime, type Signal } from '@aither/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allpass, chorus, delay, feedback, reverb, vibrato } from './index.js';

/**
 * Every helper built on a delay line reads and writes only its own block, for
 * any length, rate and modulation. The block is placed between two guard
 * blocks full of NaN that nothing else touches: a read outside it makes the
 * output NaN (the signal is muted and reported), a write outside it changes a
 * guard. Inputs and modulators are stateless kernels (no blocks of their own,
 * and the chain stays compiled), or the same wrapped in a function of the
 * user's own (the closure path).
 */
const GUARD = 64;

function guard(rt: Runtime, name: string): { at: number } {
  const g = { at: -1 };
  onBind('guard', (s) => {
    g.at = claimStateBlock(s, 'guard', GUARD);
  });
  rt.register(name, () => 0, { fadeSeconds: 0 });
  rt.helperPool.memory.fill(NaN, g.at, g.at + GUARD);
  return g;
}

/** A stateless kernel: `base` plus a sine of `depth` at `hz` (hz 0: constant), from the frame count. */
const swept = (base: number, depth: number, hz: number): Param =>
  depth === 0 ? base : mapKernel('swept', [], (m, o, s) => base + depth * Math.sin(2 * Math.PI * hz * s.frame * s.dt));
const source = (): Signal => mapKernel('src', [], (m, o, s) => Math.sin(s.frame * 0.37) * 0.5);

const seconds = fc.oneof(
  // An integer number of samples written as N / rate: the product lands just above N.
  fc.record({ n: fc.integer({ min: 0, max: 2000 }) }).map(({ n }) => ({ kind: 'samples' as const, n })),
  fc.double({ min: -0.01, max: 0.3, noNaN: true }).map((v) => ({ kind: 'seconds' as const, v })),
);
const modulation = fc.record({ depth: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 0.05, noNaN: true })), hz: fc.double({ min: 0.1, max: 2000, noNaN: true }) });

const HELPERS: Record<string, (x: Signal, max: number, d: Param, sr: number) => Signal> = {
  delay: (x, max, d) => delay(x, max, d),
  feedback: (x, max, d) => feedback(x, max, d, 0.7),
  allpass: (x, max, d) => allpass(x, max, d, 0.6),
  vibrato: (x, _max, d) => vibrato(x, 5, typeof d === 'number' ? Math.min(1, Math.abs(d) * 100) : 1),
  chorus: (x, _max, d) => chorus(x, 3, typeof d === 'number' ? Math.min(1, Math.abs(d) * 100) : 1, 0.5),
  reverb: (x, max) => reverb(x, 0.1 + max * 10, 0.3, 0.5),
};

describe('delay lines stay inside their blocks', () => {
  for (const [name, make] of Object.entries(HELPERS)) {
    it(`${name}: no read or write outside its block, any length, rate and modulation`, () => {
      fc.assert(
        fc.property(
          fc.constantFrom(44100, 48000, 96000, 22050, 8000, 192000),
          fc.double({ min: 0.001, max: 0.3, noNaN: true }),
          seconds,
          modulation,
          fc.boolean(),
          (sr, max, sec, mod, closure) => {
            const rt = createRuntime({ sampleRate: sr, channels: 1, helperPoolSize: 1 << 18 });
            const low = guard(rt, 'low');
            const base = sec.kind === 'samples' ? sec.n / sr : sec.v;
            const chain = make(source(), max, swept(base, mod.depth, mod.hz), sr);
            rt.register('line', closure ? (s) => chain(s) : chain, { fadeSeconds: 0 });
            const high = guard(rt, 'high');
            const out = new Float32Array(256);
            for (let i = 0; i < 40; i++) rt.render(out, 256);
            expect(rt.drainErrors()).toEqual([]);
            const m = rt.helperPool.memory;
            for (const g of [low, high]) for (let k = 0; k < GUARD; k++) expect(Number.isNaN(m[g.at + k])).toBe(true);
          },
        ),
        { numRuns: 60 },
      );
    });
  }

  it('a 7-sample delay written as 7 / 48000 s delays an impulse by exactly 7 samples', () => {
    const rt = createRuntime({ sampleRate: 48000, channels: 1 });
    rt.register('d', delay(mapKernel('imp', [], (m, o, s) => (s.frame === 0 ? 1 : 0)), 0.001, 7 / 48000), { fadeSeconds: 0 });
    const out = new Float32Array(16);
    rt.render(out, 16);
    expect(Array.from(out).findIndex((v) => v !== 0)).toBe(7);
    expect(out[7]).toBe(1);
  });
});
