import type { Signal } from '@aither/core';
import { describe, expect, it } from 'vitest';
import { osc, phasor, pulse, saw, square, tri, wave } from './index.js';
import { probe, rms, zeroCrossingHz } from './test-support.js';

/** Share of the energy of `x` not explained by harmonics of `f` below Nyquist: the aliasing. */
function aliasShare(x: Float32Array, f: number, sr: number): number {
  const n = x.length;
  let total = 0;
  for (let i = 0; i < n; i++) total += x[i]! * x[i]!;
  total /= n;
  let harmonic = 0;
  for (let k = 1; k * f < sr / 2; k++) {
    const w = (2 * Math.PI * k * f) / sr;
    let a = 0;
    let b = 0;
    for (let i = 0; i < n; i++) {
      a += x[i]! * Math.cos(w * i);
      b += x[i]! * Math.sin(w * i);
    }
    harmonic += (2 * (a * a + b * b)) / (n * n);
  }
  const mean = x.reduce((p, v) => p + v, 0) / n;
  return (total - harmonic - mean * mean) / total;
}

/** The same saw without band-limiting, as the reference for how much PolyBLEP removes. */
function naiveSaw(f: number): Signal {
  return (s) => 2 * (((f * s.frame) / s.sr) % 1) - 1;
}

describe('oscillators', () => {
  for (const sr of [44100, 48000]) {
    it(`osc: exact frequency, unit amplitude, sin(2π·f·n/sr) sample for sample (${sr} Hz)`, () => {
      const [y] = probe(() => osc(1000), sr, { sampleRate: sr });
      expect(zeroCrossingHz(y!, sr)).toBeCloseTo(1000, 2);
      expect(Math.max(...y!)).toBeCloseTo(1, 3);
      for (const n of [0, 1, 17, 4410, sr - 1]) expect(y![n]).toBeCloseTo(Math.sin((2 * Math.PI * 1000 * n) / sr), 5);
    });
  }

  it('osc follows a modulated frequency without a phase jump', () => {
    const [y] = probe(() => osc((s) => (s.t < 0.5 ? 200 : 400)), 48000);
    expect(zeroCrossingHz(y!.subarray(0, 24000), 48000)).toBeCloseTo(200, 0);
    expect(zeroCrossingHz(y!.subarray(24000), 48000)).toBeCloseTo(400, 0);
    for (let i = 1; i < y!.length; i++) expect(Math.abs(y![i]! - y![i - 1]!)).toBeLessThan((2 * Math.PI * 400) / 48000 + 1e-6);
  });

  it('saw at 1975 Hz: aliasing at least 12 dB below a naive saw, and below −25 dB of the signal', () => {
    const sr = 48000;
    const [bl] = probe(() => saw(1975), sr / 2);
    const [naive] = probe(() => naiveSaw(1975), sr / 2);
    const blShare = aliasShare(bl!, 1975, sr);
    const naiveShare = aliasShare(naive!, 1975, sr);
    expect(10 * Math.log10(blShare)).toBeLessThan(-25);
    expect(10 * Math.log10(naiveShare / blShare)).toBeGreaterThan(12);
    expect(zeroCrossingHz(bl!, sr)).toBeCloseTo(1975, 0);
  });

  it('square and pulse: duty cycle and band-limited edges', () => {
    const [sq] = probe(() => square(100), 48000);
    const [pw] = probe(() => pulse(100, 0.25), 48000);
    const high = (x: Float32Array) => x.filter((v) => v > 0).length / x.length;
    expect(high(sq!)).toBeCloseTo(0.5, 2);
    expect(high(pw!)).toBeCloseTo(0.25, 2);
    expect(Math.abs(sq!.reduce((a, b) => a + b, 0) / sq!.length)).toBeLessThan(0.01);
    expect(aliasShare(probe(() => square(1975), 24000)[0]!, 1975, 48000)).toBeLessThan(10 ** -2.5);
  });

  it('tri: starts at 0 rising, peaks at ±1 less its band-limited rounding, exact frequency', () => {
    const [y] = probe(() => tri(100), 48000);
    expect(y![0]).toBeCloseTo(0, 9);
    expect(y![1]!).toBeGreaterThan(0);
    // A sample on the corner (a quarter period) is rounded by PolyBLAMP: 8·(f/sr)/6 below it.
    const rounding = ((8 / 6) * 100) / 48000;
    expect(y![120]).toBeCloseTo(1 - rounding, 6);
    expect(Math.min(...y!)).toBeCloseTo(-1 + rounding, 6);
    expect(zeroCrossingHz(y!, 48000)).toBeCloseTo(100, 2);
    expect(rms(y!)).toBeCloseTo(1 / Math.sqrt(3), 3);
  });

  it('phasor: frac(f·n/sr)', () => {
    const [y] = probe(() => phasor(3), 48000);
    for (const n of [0, 100, 16000, 20000, 47999]) {
      const d = Math.abs(y![n]! - (((3 * n) / 48000) % 1));
      expect(Math.min(d, 1 - d)).toBeLessThan(1e-6); // 0.9999999 and 0 are the same phase
    }
  });

  it('wave: holds each value for 1/length of a cycle', () => {
    const [y] = probe(() => wave(1, [0.125, 0.25, 0.5, (s) => s.t]), 48000);
    expect([y![0], y![11998], y![12002], y![24002]]).toEqual([0.125, 0.125, 0.25, 0.5]);
    expect(y![36002]).toBeCloseTo(36002 / 48000, 6);
  });
});
