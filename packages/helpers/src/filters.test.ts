import { describe, expect, it } from 'vitest';
import { bandpassQ, bpf, dcblock, highpass, highpassQ, hpf, ladder, lowpass, lowpassQ, lpf, notch, notchQ, slew } from './index.js';
import { db, gainDb, probe } from './test-support.js';

const SR = 48000;
/** Bilinear-transform frequency: where an analog prototype normalised to fc is evaluated. */
const omega = (f: number, fc: number) => Math.tan((Math.PI * f) / SR) / Math.tan((Math.PI * fc) / SR);
/** |H(jΩ)| of an analog second-order section with numerator coefficients (n2 s² + n1 s + n0) and 1/(s² + k s + 1). */
function analog(n2: number, n1: number, n0: number, k: number, w: number): number {
  const re = n0 - n2 * w * w;
  const im = n1 * w;
  return Math.hypot(re, im) / Math.hypot(1 - w * w, k * w);
}

describe('one-pole filters', () => {
  it('lowpass: −3.01 dB at cutoff, and the prewarped bilinear one-pole response', () => {
    const fc = 1000;
    // 1/(1 + jΩ), Ω = tan(πf/sr)/tan(πfc/sr)
    const exact = (f: number) => db(1 / Math.hypot(1, omega(f, fc)));
    expect(gainDb((x) => lowpass(x, fc), fc)).toBeCloseTo(-3.01, 1);
    for (const f of [100, 1000, 4000]) expect(gainDb((x) => lowpass(x, fc), f)).toBeCloseTo(exact(f), 1);
  });

  it('highpass: the complement of the lowpass', () => {
    const fc = 1000;
    // jΩ/(1 + jΩ)
    const exact = (f: number) => db(omega(f, fc) / Math.hypot(1, omega(f, fc)));
    for (const f of [100, 1000, 8000]) expect(gainDb((x) => highpass(x, fc), f)).toBeCloseTo(exact(f), 1);
  });

  it('dcblock removes a constant and passes audio', () => {
    const [y] = probe(() => dcblock(() => 0.5), SR);
    expect(y![0]).toBeCloseTo(0.5, 6);
    expect(Math.abs(y![SR - 1]!)).toBeLessThan(1e-6);
    expect(gainDb((x) => dcblock(x), 1000)).toBeCloseTo(0, 1);
  });

  it('slew reaches 63.2% of a step after its time constant', () => {
    const [y] = probe(() => slew(() => 0.8, 0.01), SR);
    expect(y![480]! / 0.8).toBeCloseTo(1 - Math.exp(-1), 2);
  });
});

describe('biquads (q)', () => {
  const fc = 2000;
  it('Butterworth low/high-pass: −3.01 dB at cutoff, the analog response elsewhere', () => {
    expect(gainDb((x) => lowpassQ(x, fc), fc)).toBeCloseTo(-3.01, 1);
    expect(gainDb((x) => highpassQ(x, fc), fc)).toBeCloseTo(-3.01, 1);
    for (const f of [500, 4000, 10000]) {
      expect(gainDb((x) => lowpassQ(x, fc), f)).toBeCloseTo(db(analog(0, 0, 1, Math.SQRT2, omega(f, fc))), 1);
      expect(gainDb((x) => highpassQ(x, fc), f)).toBeCloseTo(db(analog(1, 0, 0, Math.SQRT2, omega(f, fc))), 1);
    }
  });

  it('resonant low-pass peaks by q at cutoff; band-pass and notch follow their prototypes', () => {
    expect(gainDb((x) => lowpassQ(x, fc, 4), fc)).toBeCloseTo(db(4), 1);
    for (const f of [1000, 2000, 3000]) {
      expect(gainDb((x) => bandpassQ(x, fc, 5), f)).toBeCloseTo(db(analog(0, 1 / 5, 0, 1 / 5, omega(f, fc))), 1);
    }
    expect(gainDb((x) => notchQ(x, fc, 2), fc)).toBeLessThan(-40);
    expect(gainDb((x) => notchQ(x, fc, 2), 200)).toBeCloseTo(db(analog(1, 0, 1, 1 / 2, omega(200, fc))), 1);
  });
});

describe('state-variable lpf/hpf/bpf/notch (res 0..1)', () => {
  const fc = 1000;
  for (const res of [0, 0.5, 0.9]) {
    const k = 2 * (1 - res);
    it(`match the analog SVF with damping k = ${k}`, () => {
      for (const f of [250, 1000, 3000]) {
        const w = omega(f, fc);
        expect(gainDb((x) => lpf(x, fc, res), f)).toBeCloseTo(db(analog(0, 0, 1, k, w)), 1);
        expect(gainDb((x) => hpf(x, fc, res), f)).toBeCloseTo(db(analog(1, 0, 0, k, w)), 1);
        expect(gainDb((x) => bpf(x, fc, res), f)).toBeCloseTo(db(analog(0, k, 0, k, w)), 1);
        if (f !== fc) expect(gainDb((x) => notch(x, fc, res), f)).toBeCloseTo(db(analog(1, 0, 1, k, w)), 1);
      }
    });
  }

  it('res = 1 self-oscillates: an impulse rings on at the cutoff without decaying', () => {
    const [y] = probe(() => lpf((s) => (s.frame === 0 ? 1 : 0), 1000, 1), SR);
    const early = Math.max(...y!.subarray(1000, 2000).map(Math.abs));
    const late = Math.max(...y!.subarray(SR - 1000).map(Math.abs));
    expect(late).toBeGreaterThan(0.99 * early);
    expect(late).toBeGreaterThan(0.01);
  });
});

describe('ladder', () => {
  it('res 0: the four-pole response (−12 dB at cutoff, 24 dB/octave above)', () => {
    const fc = 1000;
    const four = (f: number) => db(1 / Math.pow(Math.hypot(1, omega(f, fc)), 4));
    for (const f of [200, 1000, 4000]) expect(gainDb((x) => ladder(x, fc, 0), f, SR, 0.01)).toBeCloseTo(four(f), 0);
  });

  it('resonance raises the peak near cutoff; the (1 + k) gain keeps the passband at 0 dB', () => {
    const flat = gainDb((x) => ladder(x, 1000, 0), 1000, SR, 0.01);
    const peaked = gainDb((x) => ladder(x, 1000, 0.8), 1000, SR, 0.01);
    expect(peaked).toBeGreaterThan(flat + 6);
    // (1 + k)·G⁴/(1 + k·G⁴), G⁴ = (1 − jΩ)⁴/(1 + Ω²)⁴: the compensated four-pole loop, k = 3.2.
    const w = omega(100, 1000);
    const re = ((1 - w * w) ** 2 - 4 * w * w) / (1 + w * w) ** 4;
    const im = (-4 * w * (1 - w * w)) / (1 + w * w) ** 4;
    const k = 3.2;
    const loop = ((1 + k) * Math.hypot(re, im)) / Math.hypot(1 + k * re, k * im);
    expect(gainDb((x) => ladder(x, 1000, 0.8), 100, SR, 0.01)).toBeCloseTo(db(loop), 1);
  });
});
