import { describe, expect, it } from 'vitest';
import { allpass, chorus, delay, feedback, gain, reverb } from './index.js';
import { createRuntime, HEADER } from '@aither/core';
import { probe, rms } from './test-support.js';

const impulse = (s: { frame: number }) => (s.frame === 0 ? 1 : 0);

describe('delay', () => {
  for (const sr of [44100, 48000]) {
    it(`is exact in samples at ${sr} Hz, and sized for that rate`, () => {
      const [y] = probe(() => delay(impulse, 1, 0.5), sr, { sampleRate: sr });
      expect(y!.findIndex((v) => v !== 0)).toBe(sr / 2);
      expect(y![sr / 2]).toBe(1);
      const rt = createRuntime({ sampleRate: sr, channels: 1 });
      rt.register('d', delay(impulse, 1, 1));
      // one second of line + interpolation spares + write index and length + the header (stamp, output ring)
      expect(rt.stats().helperSlotsUsed).toBe(sr + 2 + 2 + HEADER);
    });
  }

  it('interpolates linearly at fractional delays', () => {
    const [y] = probe(() => delay(impulse, 0.01, 10.25 / 48000), 20);
    expect(y![10]).toBeCloseTo(0.75, 6);
    expect(y![11]).toBeCloseTo(0.25, 6);
    expect(y!.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
  });

  it('clamps the delay to its maximum', () => {
    const [y] = probe(() => delay(impulse, 0.001, 5), 200);
    expect(y!.findIndex((v) => v !== 0)).toBe(48);
  });
});

describe('feedback / comb and allpass', () => {
  it('feedback: y[n] = x[n] + g·y[n−d]: impulse, then g, g², ...', () => {
    const [y] = probe(() => feedback(impulse, 0.1, 100 / 48000, 0.5), 400);
    expect([y![0], y![100], y![200], y![300]]).toEqual([1, 0.5, 0.25, 0.125]);
    expect(y![150]).toBe(0);
  });

  it('allpass: flat magnitude (within 0.1 dB, 20 Hz..20 kHz) at whole and fractional delays, and all the energy', { timeout: 60_000 }, () => {
    for (const [sr, seconds, g] of [
      [48000, 0.0123, 0.6],
      [48000, 590 / 48000, 0.6],
      [44100, 0.00731, -0.7],
      [96000, 0.0051, 0.5],
      [48000, 1.3 / 48000, 0.5],
    ] as const) {
      const n = sr * 2;
      const [h] = probe(() => allpass(impulse, 0.05, seconds, g), n, { sampleRate: sr });
      let worst = 0;
      for (let f = 20; f <= 20000; f *= 1.05) {
        // |H(f)| from the impulse response (it has decayed to nothing within the window).
        const w = (2 * Math.PI * f) / sr;
        let re = 0;
        let im = 0;
        for (let i = 0; i < n; i++) {
          re += h![i]! * Math.cos(w * i);
          im -= h![i]! * Math.sin(w * i);
        }
        worst = Math.max(worst, Math.abs(10 * Math.log10(re * re + im * im)));
      }
      expect(worst).toBeLessThan(0.1);
      expect(h!.reduce((a, v) => a + v * v, 0)).toBeCloseTo(1, 4);
    }
  });

  it('allpass: the delay is d samples, whole part exact', () => {
    // g = 0: a pure delay through the interpolator: an impulse lands at d (whole), or spreads around d.
    const [y] = probe(() => allpass(impulse, 0.05, 100 / 48000, 0), 400);
    expect(y!.findIndex((v) => v !== 0)).toBe(100);
    expect(y![100]).toBeCloseTo(1, 12);
    const [z] = probe(() => allpass(impulse, 0.05, 100.5 / 48000, 0), 4000);
    // Group delay at low frequencies: the centre of mass of the response, ~100.5 samples.
    let sum = 0;
    let moment = 0;
    for (let i = 0; i < z!.length; i++) {
      sum += z![i]!;
      moment += i * z![i]!;
    }
    expect(moment / sum).toBeCloseTo(100.5, 6);
  });
});

describe('reverb', () => {
  it('decays by about 60 dB over rt60, rings in both channels, and is wider than mono', () => {
    const rt60 = 1.5;
    const [l, r] = probe(
      // The same burst in both channels (a hash of the frame), so any width comes from the reverb.
      () => reverb((s) => (s.frame < 480 ? 0.5 * ((Math.sin(s.frame * 12.9898) * 43758.5453) % 1) : 0), rt60, 0, 1),
      48000 * 4,
      { channels: 2 },
    );
    const level = (from: number) => rms(l!, from, from + 4800);
    const drop = 20 * Math.log10(level(48000 * 0.5) / level(48000 * 2));
    expect(drop).toBeGreaterThan(60 * (1.5 / rt60) - 12);
    expect(drop).toBeLessThan(60 * (1.5 / rt60) + 12);
    expect(rms(l!, 48000 * 3)).toBeGreaterThan(0);
    expect(rms(r!, 48000 * 3)).toBeGreaterThan(0);
    // The sides differ: not one signal copied twice.
    let dot = 0;
    for (let i = 0; i < 48000; i++) dot += l![i]! * r![i]!;
    const corr = dot / (rms(l!, 0, 48000) * rms(r!, 0, 48000) * 48000);
    expect(corr).toBeLessThan(0.5);
  });

  it('with a loud constant input for 10 s, settles at it (its wet gain at DC is 1) and stays bounded', () => {
    // At a tenth, so that the mixer's clip to [-1, 1] hides no overshoot.
    const [l, r] = probe(
      () =>
        gain(
          reverb(() => 1, 10, 0.5, 1),
          0.1,
        ),
      480000,
      { channels: 2 },
    );
    for (const y of [l!, r!]) {
      expect(10 * rms(y, 432000)).toBeCloseTo(1, 3);
      let peak = 0;
      for (const v of y) peak = Math.max(peak, Math.abs(v));
      expect(10 * peak).toBeLessThan(2);
    }
  });
});

describe('chorus', () => {
  it('makes a mono source stereo, with the dry signal in it', () => {
    const [l, r] = probe(() => chorus((s) => 0.3 * Math.sin((2 * Math.PI * 220 * s.frame) / s.sr), 1, 1, 0.5), 48000, { channels: 2 });
    let diff = 0;
    for (let i = 0; i < l!.length; i++) diff += Math.abs(l![i]! - r![i]!);
    expect(diff / l!.length).toBeGreaterThan(0.005);
    expect(rms(l!, 24000)).toBeGreaterThan(0.1);
  });
});
