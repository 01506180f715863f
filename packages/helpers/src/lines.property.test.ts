import { claimStateBlock, createRuntime, mapKernel, onBind, type Param, type Runtime, type Signal } from '@aither/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allpass, chorus, delay, feedback, reverb, vibrato } from './index.js';
import { doubledSlots, tapCubic, writeDoubled, writeDoubledHead } from './line.js';

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

/** The cubic through (−1, x[0]), (0, x[1]), (1, x[2]), (2, x[3]) at t: Lagrange's formula as written in textbooks. */
const lagrange = ([a, b, c, d]: number[], t: number) =>
  (-a * t * (t - 1) * (t - 2)) / 6 + (b * (t + 1) * (t - 1) * (t - 2)) / 2 - (c * (t + 1) * t * (t - 2)) / 2 + (d * (t + 1) * t * (t - 1)) / 6;

function guard(rt: Runtime, name: string): { at: number } {
  const g = { at: -1 };
  onBind('guard', (s) => {
    g.at = claimStateBlock(s, 'guard', GUARD);
  });
  rt.register(name, () => 0, { fadeSeconds: 0 });
  rt.debug().helperPool.memory.fill(NaN, g.at, g.at + GUARD);
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
  'delay, cubic': (x, max, d) => delay(x, max, d, 'cubic'),
  feedback: (x, max, d) => feedback(x, max, d, 0.7),
  allpass: (x, max, d) => allpass(x, max, d, 0.6),
  vibrato: (x, _max, d) => vibrato(x, 5, typeof d === 'number' ? Math.min(1, Math.abs(d) * 100) : 1),
  chorus: (x, _max, d) => chorus(x, 3, typeof d === 'number' ? Math.min(1, Math.abs(d) * 100) : 1, 0.5),
  // The delay's "seconds" as the LFO's rate (−1..30 Hz, swept when modulated): slow, still and backward LFOs.
  'vibrato, any rate': (x, _max, d) => vibrato(x, typeof d === 'number' ? d * 100 : (s) => d(s) * 100, 1),
  'chorus, any rate': (x, _max, d) => chorus(x, typeof d === 'number' ? d * 100 : (s) => d(s) * 100, 1, 1),
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
            const m = rt.debug().helperPool.memory;
            for (const g of [low, high]) for (let k = 0; k < GUARD; k++) expect(Number.isNaN(m[g.at + k])).toBe(true);
          },
        ),
        { numRuns: 60 },
      );
      // 60 runtimes compiled and rendered: seconds on a loaded machine (the reverb's most).
    }, 60_000);
  }

  it('the cubic tap reads only its doubled ring, and is exact for a cubic through the samples', () => {
    // A doubled ring between NaN guards, written frame by frame with p(t), a cubic in the frame
    // number, by either writer; then read back at any d in 0..len − 2: p(T − d) from d >= 1
    // (exact: four true samples around the position), the newest at d = 0, finite in between,
    // and with the head's writer, the newest standing in for the sample after it.
    const p = (t: number) => 0.3 + 0.01 * t - 1e-4 * t * t + 1e-7 * t * t * t;
    const doubled = fc.integer({ min: 3, max: 400 });
    const fractions = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 20 });
    fc.assert(
      fc.property(doubled, fc.integer({ min: 0, max: 1200 }), fractions, fc.boolean(), (len, frames, fs, head) => {
        const m = new Float64Array(GUARD + doubledSlots(len) + GUARD).fill(NaN);
        m.fill(0, GUARD, GUARD + doubledSlots(len));
        const write = head ? writeDoubledHead : writeDoubled;
        let w = 0;
        let last = 0;
        for (let t = 0; t <= frames; t++) {
          last = w;
          write(m, GUARD, len, w, p(t));
          if (t < frames) w = w + 1 === len ? 0 : w + 1;
        }
        for (let k = 0; k < GUARD; k++) {
          expect(Number.isNaN(m[k])).toBe(true);
          expect(Number.isNaN(m[m.length - 1 - k])).toBe(true);
        }
        for (const f of [...fs, 0, 1, 0.5 / (len - 2)]) {
          const d = f * (len - 2);
          const y = tapCubic(m, GUARD, len, last, d);
          expect(Number.isFinite(y)).toBe(true);
          // Samples older than the first frame are the line's zeros: exact only where all four were written.
          if (d >= 1 && frames - d - 2 >= 0) expect(y).toBeCloseTo(p(frames - d), 9);
          if (head && d < 1 && frames >= 2) expect(y).toBeCloseTo(lagrange([p(frames - 2), p(frames - 1), p(frames), p(frames)], 1 - d), 9);
        }
        expect(tapCubic(m, GUARD, len, last, 0)).toBe(p(frames));
      }),
      { numRuns: 300 },
    );
  });

  it('a 7-sample delay written as 7 / 48000 s delays an impulse by exactly 7 samples', () => {
    const rt = createRuntime({ sampleRate: 48000, channels: 1 });
    rt.register(
      'd',
      delay(
        mapKernel('imp', [], (m, o, s) => (s.frame === 0 ? 1 : 0)),
        0.001,
        7 / 48000,
      ),
      { fadeSeconds: 0 },
    );
    const out = new Float32Array(16);
    rt.render(out, 16);
    expect(Array.from(out).findIndex((v) => v !== 0)).toBe(7);
    expect(out[7]).toBe(1);
  });
});
