import { createRuntime, type Signal, type SignalContext } from '@aither/core';
import { describe, expect, it } from 'vitest';
import {
  adsr,
  clock,
  compose,
  compressor,
  crush,
  decay,
  fold,
  gain,
  hold,
  limiter,
  mix,
  noise,
  osc,
  pan,
  parallel,
  pink,
  sampleHold,
  seq,
  share,
  softclip,
  tanh,
  tremolo,
  trigger,
  vibrato,
} from './index.js';
import { gainDb, goertzel, probe, rms, zeroCrossingHz } from './test-support.js';
import * as helpers from './index.js';

const SR = 48000;

describe('modulation', () => {
  it("stereo tremolo: each channel's LFO advances once per frame and reaches full depth", () => {
    const [l, r] = probe(() => tremolo(() => 1, 2, 0.8), SR, { channels: 2 });
    for (const y of [l!, r!]) {
      expect(Math.min(...y)).toBeCloseTo(0.2, 3);
      expect(Math.max(...y)).toBeCloseTo(1, 3);
      // the minimum falls where sin(2π·2·t) = −1: t = 0.375 s
      expect(y.indexOf(Math.min(...y))).toBeGreaterThan(0.374 * SR);
      expect(y.indexOf(Math.min(...y))).toBeLessThan(0.376 * SR);
    }
  });

  it('vibrato swings the pitch around the input frequency', () => {
    const [y] = probe(() => vibrato((s) => 0.5 * Math.sin((2 * Math.PI * 1000 * s.frame) / s.sr), 1, 1), SR);
    const quarter = SR / 4;
    const hz = [0, 1, 2, 3].map((i) => zeroCrossingHz(y!.subarray(i * quarter + 200, (i + 1) * quarter - 200), SR));
    expect(Math.max(...hz) - Math.min(...hz)).toBeGreaterThan(10);
    expect(zeroCrossingHz(y!, SR)).toBeCloseTo(1000, -1);
  });
});

describe('mixing', () => {
  it('pan is equal-power: L² + R² = x², −3 dB each at the centre', () => {
    for (const [position, left, right] of [
      [-1, 1, 0],
      [0, Math.SQRT1_2, Math.SQRT1_2],
      [1, 0, 1],
      [0.5, Math.cos((1.5 * Math.PI) / 4), Math.sin((1.5 * Math.PI) / 4)],
    ] as const) {
      const [l, r] = probe(() => pan(() => 0.8, position), 4, { channels: 2 });
      expect(l![3]).toBeCloseTo(0.8 * left, 6);
      expect(r![3]).toBeCloseTo(0.8 * right, 6);
      expect(l![3]! ** 2 + r![3]! ** 2).toBeCloseTo(0.64, 6);
    }
  });

  it('pan folds down with equal power where its signal renders mono: every position keeps the voice at gain 1', () => {
    for (const position of [-1, -0.3, 0, 0.5, 1]) {
      const [y] = probe(() => pan(() => 0.8, position), 4);
      expect(y![3]).toBeCloseTo(0.8, 6);
    }
    // The same session in a mono runtime and a stereo one: the mono take is the power sum of the sides.
    const hardRight = `play('r', pan(osc(220), 1));`;
    const mono = createRuntime({ sampleRate: SR, channels: 1, install: [helpers] });
    mono.evaluate(hardRight);
    const stereo = createRuntime({ sampleRate: SR, channels: 2, install: [helpers] });
    stereo.evaluate(hardRight);
    const m = new Float32Array(4800);
    const st = new Float32Array(9600);
    mono.render(m, 4800);
    stereo.render(st, 4800);
    for (let i = 0; i < 4800; i++) expect(m[i]).toBeCloseTo(Math.hypot(st[2 * i]!, st[2 * i + 1]!) * Math.sign(st[2 * i + 1]!), 6);
  });

  it('pan makes its signal stereo without being told, and allocates nothing per sample', () => {
    const rt = createRuntime({ sampleRate: SR, channels: 2 });
    rt.register(
      'p',
      pan(osc(220), (s) => Math.sin(s.t)),
      { fadeSeconds: 0 },
    );
    const out = new Float32Array(256);
    for (let i = 0; i < 2000; i++) rt.render(out, 128);
    expect(out[0]).not.toBe(out[1]);
    const gc = (globalThis as { gc?: () => void }).gc;
    expect(gc, 'gc is exposed: the zero-GC tests run under node --expose-gc (the shared vitest config); without it they fail rather than skip').toBeTypeOf('function');
    gc!();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < 7500; i++) rt.render(out, 128);
    gc!();
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(64 * 1024);
  });

  it('mix sums, gain scales, share computes once per frame', () => {
    let calls = 0;
    const counted: Signal = () => {
      calls++;
      return 0.1;
    };
    const [y] = probe(() => {
      const once = share(counted);
      return mix(once, once, gain(once, 2), 0.05);
    }, 100);
    expect(y![50]).toBeCloseTo(0.45, 6);
    expect(calls).toBe(100);
  });

  it('compose chains left to right; parallel mixes chains over one shared source', () => {
    const [y] = probe(
      () =>
        compose(
          (x) => gain(x, 0.5),
          (x) => mix(x, 0.1),
        )(() => 0.4),
      2,
    );
    expect(y![1]).toBeCloseTo(0.3, 6);
    const [z] = probe(
      () =>
        parallel(
          () => 0.2,
          (x) => gain(x, 2),
          (x) => gain(x, -0.5),
        ),
      2,
    );
    expect(z![1]).toBeCloseTo(0.3, 6);
  });
});

describe('shape and dynamics', () => {
  it('tanh, softclip and fold follow their formulas', () => {
    const value = (build: (x: Signal) => Signal, x: number) => probe(() => build(() => x), 1)[0]![0]!;
    expect(value((x) => tanh(x, 2), 0.3)).toBeCloseTo(Math.tanh(0.6), 6);
    // tanh from tables and a short polynomial: within 4e-16 of Math.tanh everywhere, ±1 (not NaN) far out.
    let worst = 0;
    for (let u = -30; u <= 30; u += 0.00137) worst = Math.max(worst, Math.abs(tanh(() => u, 1)({} as SignalContext) - Math.tanh(u)));
    expect(worst).toBeLessThan(4e-16);
    expect([tanh(() => 1000, 1)({} as SignalContext), tanh(() => -1e308, 10)({} as SignalContext)]).toEqual([1, -1]);
    expect(value((x) => softclip(x, 1), 0.5)).toBeCloseTo(0.75 - 0.0625, 6);
    expect(value((x) => softclip(x, 4), 0.5)).toBeCloseTo(1, 6);
    expect(value((x) => fold(x, 1), 0.5)).toBeCloseTo(0.5, 6);
    expect(value((x) => fold(x, 3), 0.5)).toBeCloseTo(0.5, 6); // 1.5 folds back to 0.5
    expect(value((x) => fold(x, 4), 0.5)).toBeCloseTo(0, 6); // 2 → 0
    expect(value((x) => fold(x, 2), -0.8)).toBeCloseTo(-0.4, 6); // −1.6 → −0.4
  });

  it('crush quantises to 2^(bits−1) steps and holds at its rate; hold keeps one value per period', () => {
    const [y] = probe(() => crush((s) => 0.9 * Math.sin((2 * Math.PI * 50 * s.frame) / s.sr), 3, 1000), SR / 10);
    expect(new Set(y!).size).toBeLessThanOrEqual(9);
    for (const v of y!) expect(Math.abs(v * 4 - Math.round(v * 4))).toBeLessThan(1e-6);
    const [h] = probe(() => hold((s) => s.frame, 1000), 100);
    expect([h![0], h![47], h![48], h![95], h![96]]).toEqual([0, 0, 48, 48, 96].map((v) => Math.min(v, 1)));
  });

  it('compressor: above threshold the level rises 1/ratio as fast', () => {
    const comp = (x: Signal) => compressor(x, -20, 4, 0.001, 0.05);
    const loud = gainDb(comp, 1000, SR, 0.5); // peak −6 dBFS: 14 dB over
    expect(loud).toBeGreaterThan(-14 * 0.75 - 1.5);
    expect(loud).toBeLessThan(-14 * 0.75 + 1.5);
    expect(gainDb(comp, 1000, SR, 0.01)).toBeCloseTo(0, 0); // below threshold: untouched
  });

  it('limiter: the output never exceeds the ceiling', () => {
    const [y] = probe(() => limiter((s) => 0.9 * Math.sin((2 * Math.PI * 100 * s.frame) / s.sr), -6), SR);
    const ceiling = 10 ** (-6 / 20);
    expect(Math.max(...y!.map(Math.abs))).toBeLessThanOrEqual(ceiling + 1e-6);
    expect(Math.max(...y!.map(Math.abs))).toBeGreaterThan(ceiling * 0.99);
  });
});

describe('envelopes and rhythm', () => {
  it('decay is exp(−input·rate)', () => {
    const [y] = probe(() => decay(() => 0.25, 4), 2);
    expect(y![1]).toBeCloseTo(Math.exp(-1), 6);
  });

  it('adsr: attack, decay and release take their times; sustain holds', () => {
    const a = 0.01;
    const d = 0.02;
    const r = 0.05;
    const [y] = probe(() => adsr((s) => (s.t < 0.1 ? 1 : 0), a, d, 0.5, r), SR / 4);
    const at = (t: number) => y![Math.round(t * SR)]!;
    expect(at(a / 2)).toBeCloseTo(0.5, 2);
    expect(at(a)).toBeCloseTo(1, 2);
    expect(at(a + d / 2)).toBeCloseTo(0.75, 2);
    expect(at(a + d)).toBeCloseTo(0.5, 2);
    expect(at(0.09)).toBe(0.5);
    expect(at(0.1 + r / 2)).toBeCloseTo(0.25, 2);
    expect(at(0.1 + r + 0.001)).toBe(0);
  });

  it('clock ticks at bpm; trigger marks each tick; seq steps through its values', () => {
    const [ticks] = probe(() => trigger(clock(120, 2)), SR * 2);
    const at = [...ticks!.keys()].filter((i) => ticks![i] === 1);
    expect(at.length).toBe(8);
    expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(11999);
    expect(at[1]! - at[0]!).toBeLessThanOrEqual(12001);
    const [notes] = probe(() => seq([0.1, 0.2, 0.3], clock(240)), SR);
    expect([notes![0], notes![12010], notes![24010], notes![36010]].map((v) => Number(v!.toFixed(3)))).toEqual([0.1, 0.2, 0.3, 0.1]);
  });

  it('sampleHold takes its input on a rising trigger', () => {
    const [y] = probe(
      () =>
        sampleHold(
          (s) => s.frame / 1000,
          (s) => (s.frame % 100 === 10 ? 1 : 0),
        ),
      300,
    );
    [0, 0.01, 0.01, 0.11, 0.21].forEach((v, i) => {
      expect(y![[5, 10, 99, 110, 250][i]!]).toBeCloseTo(v, 6);
    });
  });
});

describe('noise', () => {
  it('white: mean 0, variance 1/3, repeatable, different per instance, the same in every channel (a source is mono)', () => {
    const [a, b] = probe(() => noise(), SR * 4, { channels: 2 });
    const mean = a!.reduce((p, v) => p + v, 0) / a!.length;
    expect(Math.abs(mean)).toBeLessThan(0.005);
    expect(rms(a!) ** 2).toBeCloseTo(1 / 3, 2);
    expect(a).toEqual(probe(() => noise(), SR * 4, { channels: 2 })[0]);
    expect(b!.findIndex((v, i) => !Object.is(v, a![i]))).toBe(-1);
    const [p] = probe(() => mix(noise(), gain(noise(), -1)), 100);
    expect(p!.some((v) => v !== 0)).toBe(true); // two noise() instances are not the same stream
  });

  it('pink: the level its doc states (RMS ≈ 0.52, peaks past ±1 but within ±3.25)', () => {
    // Measured a quarter down, so the runtime's clip to [−1, 1] does not hide the peaks.
    const [quarter] = probe(() => gain(pink(5), 0.25), SR * 60);
    const y = quarter!.map((v) => v * 4);
    expect(rms(y)).toBeCloseTo(0.52, 1);
    const peak = y.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    expect(peak).toBeGreaterThan(1.8);
    expect(peak).toBeLessThan(3.25);
  });

  it('pink: about −3 dB per octave (−12 dB from 200 Hz to 3.2 kHz)', () => {
    const [y] = probe(() => pink(3), SR * 8);
    const band = (hz: number) => {
      let sum = 0;
      for (let w = 0; w < 90; w++) sum += goertzel(y!.subarray(w * 4096, (w + 1) * 4096), SR, hz) ** 2;
      return sum;
    };
    const slope = 10 * Math.log10(band(3200) / band(200));
    expect(slope).toBeGreaterThan(-15);
    expect(slope).toBeLessThan(-9);
  });
});
