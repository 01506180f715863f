import { inlineReport, type Runtime, type Signal } from '@aither/core';
import { describe, expect, it } from 'vitest';
import * as helpers from './index.js';
import { CHAINS, render, runtime } from './test-support.js';

// The compiler writes each helper's step into its signal's loop (its slots
// held in locals during a block, `s.sr`/`s.dt` as numbers, a prepare hoisted
// out of the loop while its inputs are constants). The closure, which calls
// the very same step function, is the reference: both must give the same
// samples and leave the same state, to the bit.

/** Modulated parameters: the per-frame prepare, written in with its slots in locals. */
const MODULATED: Record<string, string> = {
  lowpass: 'lowpass(x, mod)',
  highpass: 'highpass(x, mod)',
  slew: 'slew(x, gain(phasor(3), 0.01))',
  lpf: 'lpf(x, mod, 0.5)',
  hpf: 'hpf(x, mod, 0.5)',
  bpf: 'bpf(x, mod, 0.5)',
  notch: 'notch(x, mod, 0.5)',
  lowpassQ: 'lowpassQ(x, mod, 2)',
  ladder: 'ladder(x, mod, 0.7)',
  reverb: 'reverb(x, mix(gain(phasor(1), 2), 0.5), 0.3, 0.3)',
  compressor: 'compressor(x, mix(gain(osc(2), 10), -20), 4, 0.01, 0.1)',
  limiter: 'limiter(x, mix(gain(osc(2), 3), -6), 0.1)',
  delay: 'delay(x, 0.1, mix(gain(osc(1), 0.02), 0.05))',
  vibrato: 'vibrato(x, mod, 0.5)',
};

const PRELUDE = 'const x = saw(220); const mod = mix(gain(osc(3), 300), 800);';

/**
 * The chain compiled, and the same chain behind a function of the session's
 * own (every kernel then runs through its closure). A silent function of the
 * session's own in both makes the compiled loop keep stamps and output rings
 * as closures do, so the whole helper memory can be compared.
 */
function both(chain: string, channels: number): [Runtime, Runtime] {
  const quiet = `register('q', (s) => 0);`;
  const compiled = runtime(48000, 2);
  compiled.evaluate(`${PRELUDE} register('h', ${chain}, { channels: ${channels} }); ${quiet}`);
  const closures = runtime(48000, 2);
  closures.evaluate(`${PRELUDE} const sig = ${chain}; register('h', (s) => sig(s), { channels: ${channels} }); ${quiet}`);
  return [compiled, closures];
}

const memory = (rt: Runtime) => (rt as unknown as { helperPool: { memory: Float64Array } }).helperPool.memory;

/** The first slot where two pools differ (Object.is: NaN equals NaN, 0 differs from -0), or -1. */
function firstDifference(a: Float64Array, b: Float64Array): number {
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
  return a.length === b.length ? -1 : a.length;
}

/** Likewise for samples: the first differing frame index, or -1. */
function firstSampleDifference(a: Float32Array, b: Float32Array): number {
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}

describe('helpers written into compiled loops', () => {
  it('are all written in (none is called)', () => {
    const rt = runtime();
    const reports: Record<string, string | null> = {};
    rt.evaluate(`${PRELUDE} register('probe', x);`);
    for (const [name, chain] of Object.entries({ ...CHAINS, ...MODULATED })) {
      const probe = new Function('x', 'mod', ...Object.keys(helpers), `return ${chain};`) as (...a: unknown[]) => Signal;
      rt.evaluate(`register('probe_${name}', saw(1));`, { mode: 'snippet' }); // a signal to bind the probe under
      reports[name] = inlineReport(probe(helpers.saw(220), helpers.osc(3), ...Object.values(helpers)));
    }
    expect(Object.entries(reports).filter(([, r]) => r !== null && !r.startsWith('not a kernel'))).toEqual([]);
  });

  for (const channels of [1, 2]) {
    for (const [name, chain] of Object.entries({ ...CHAINS, ...Object.fromEntries(Object.entries(MODULATED).map(([k, v]) => [`${k} (modulated)`, v])) })) {
      it(`${name}, ${channels === 1 ? 'mono' : 'stereo'}: the same samples and state as its closure`, () => {
        const [compiled, closures] = both(chain, channels);
        expect(compiled.stats().compiledSignals).toBe(1);
        expect(closures.stats().compiledSignals).toBe(0);
        // Samples alone, without a function of the session's own (no stamps, no rings):
        const alone = runtime(48000, 2);
        alone.evaluate(`${PRELUDE} register('h', ${chain}, { channels: ${channels} });`);
        expect(firstSampleDifference(render(alone, 13000, 97), render(both(chain, channels)[1], 13000, 97))).toBe(-1);
        // Odd block sizes: blocks start anywhere in the ring, and prepares run at every block start.
        const [a, b] = [render(compiled, 13000, 97), render(closures, 13000, 97)];
        expect(firstSampleDifference(a, b)).toBe(-1);
        expect(a.some((v) => v !== 0)).toBe(true);
        expect(firstDifference(memory(compiled), memory(closures))).toBe(-1);
        expect(compiled.drainErrors()).toEqual([]);
      });
    }
  }
});
