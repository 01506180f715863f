import { describe, expect, it } from 'vitest';
import * as helpers from './index.js';
import { runtime } from './test-support.js';

// Every helper of the library is a kernel: a chain made of them compiles into
// one loop (see @aither/core compile.ts). A helper that silently became a plain
// closure would still sound right but cost several times more; this catches it.
const CHAINS: Record<string, string> = {
  osc: 'osc(440)', sin: 'sin(440)', saw: 'saw(110)', square: 'square(110)', pulse: 'pulse(110, 0.3)', tri: 'tri(110)',
  phasor: 'phasor(2)', wave: 'wave(2, [110, 220])', noise: 'noise()', pink: 'pink()',
  lowpass: 'lowpass(x, 800)', highpass: 'highpass(x, 800)', dcblock: 'dcblock(x)', slew: 'slew(x, 0.01)', lag: 'lag(x, 0.01)',
  lpf: 'lpf(x, 800, 0.5)', hpf: 'hpf(x, 800, 0.5)', bpf: 'bpf(x, 800, 0.5)', notch: 'notch(x, 800, 0.5)',
  lowpassQ: 'lowpassQ(x, 800, 2)', highpassQ: 'highpassQ(x, 800, 2)', bandpassQ: 'bandpassQ(x, 800, 2)', notchQ: 'notchQ(x, 800, 2)',
  ladder: 'ladder(x, 800, 0.5)', delay: 'delay(x, 0.1, 0.05)', feedback: 'feedback(x, 0.1, 0.05, 0.5)', comb: 'comb(x, 0.1, 0.05, 0.5)',
  allpass: 'allpass(x, 0.05, 0.01, 0.5)', reverb: 'reverb(x, 2, 0.3, 0.3)', tremolo: 'tremolo(x, 5, 0.8)', vibrato: 'vibrato(x, 5, 0.5)',
  chorus: 'chorus(x, 0.8, 0.5, 0.5)', gain: 'gain(x, 0.5)', pan: 'pan(x, 0.3)', mix: 'mix(x, x, 0.1)', share: 'share(x)',
  compose: 'compose(y => gain(y, 2), y => fold(y, 2))(x)', parallel: 'parallel(x, y => lowpass(y, 400), y => gain(y, 0.5))',
  tanh: 'tanh(x, 2)', softclip: 'softclip(x, 2)', fold: 'fold(x, 2)', crush: 'crush(x, 4, 8000)', hold: 'hold(x, 1000)',
  compressor: 'compressor(x, -20, 4, 0.01, 0.1)', limiter: 'limiter(x, -1, 0.1)', decay: 'decay(phasor(2), 8)',
  adsr: 'adsr(wave(1, [1, 0]), 0.01, 0.1, 0.5, 0.2)', clock: 'clock(120)', trigger: 'trigger(phasor(8))', seq: 'seq([1, 2], clock(120))',
  sampleHold: 'sampleHold(x, trigger(phasor(8)))',
  pipe: 'pipe(x, y => lowpass(y, 800), y => gain(y, 0.5))',
};

describe('compiled helpers', () => {
  it('covers every exported helper', () => {
    const exported = Object.keys(helpers).filter((k) => typeof (helpers as Record<string, unknown>)[k] === 'function');
    expect(exported.filter((name) => !(name in CHAINS))).toEqual([]);
  });

  for (const [name, chain] of Object.entries(CHAINS)) {
    it(`${name}: a chain of it compiles into one loop`, () => {
      const rt = runtime(48000, 2);
      rt.evaluate(`const x = osc(220); play('h', ${chain});`);
      expect(rt.stats().compiledSignals).toBe(1);
      const out = new Float32Array(256 * 2);
      rt.render(out, 256);
      expect(rt.drainErrors()).toEqual([]);
    });
  }

  it('keeps a table of signals as a closure (it computes only the current step), so its signal renders frame by frame', () => {
    const rt = runtime();
    rt.evaluate(`play('w', wave(2, [osc(220), saw(110)]));`);
    expect(rt.stats()).toMatchObject({ signals: 1, compiledSignals: 0 });
  });
});
