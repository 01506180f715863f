import { describe, expect, it } from 'vitest';
import { goertzel, maxStep, render, runtime, SEED, zeroCrossingHz } from './test-support.js';

describe("the seed's example, filtered-delayed-sine", () => {
  for (const sr of [48000, 44100]) {
    it(`sounds at 440 Hz after its 0.25 s delay (${sr} Hz)`, () => {
      const rt = runtime(sr);
      rt.evaluate(SEED);
      const out = render(rt, sr);
      const quarter = Math.round(sr * 0.25);
      // Silent while the delay line fills, then sound.
      expect(Math.max(...out.subarray(0, quarter - 1).map(Math.abs))).toBe(0);
      const tail = out.subarray(sr / 2);
      const peak = Math.max(...tail.map(Math.abs));
      expect(peak).toBeGreaterThan(0.15);
      expect(peak).toBeLessThanOrEqual(0.4);
      expect(zeroCrossingHz(tail, sr)).toBeCloseTo(440, 0);
      const at440 = goertzel(tail, sr, 440);
      for (const other of [220, 330, 550, 660, 880]) expect(at440).toBeGreaterThan(20 * goertzel(tail, sr, other));
      expect(rt.drainErrors()).toEqual([]);
    });
  }

  it('continues bit-identically across a reload of identical code', () => {
    const reloaded = runtime();
    reloaded.evaluate(SEED);
    const first = render(reloaded, 48000);
    reloaded.evaluate(SEED);
    const second = render(reloaded, 48000);
    const straight = runtime();
    straight.evaluate(SEED);
    const reference = render(straight, 96000);
    expect(first).toEqual(reference.subarray(0, 48000));
    expect(second).toEqual(reference.subarray(48000));
  });

  it("swaps osc(440) for osc(660) with no step larger than the waveform's own slope", () => {
    const rt = runtime();
    rt.evaluate(`register('tone', gain(osc(440), 0.5));`);
    const before = render(rt, 48000 + 77);
    rt.evaluate(`register('tone', gain(osc(660), 0.5));`);
    const after = render(rt, 4800);
    const joined = new Float32Array(before.length + after.length);
    joined.set(before);
    joined.set(after, before.length);
    const slope660 = (2 * Math.PI * 660 * 0.5) / 48000;
    const at = before.length;
    expect(maxStep(joined, at - 100, at + 100)).toBeLessThanOrEqual(slope660 * 1.0001);
    expect(zeroCrossingHz(after, 48000)).toBeCloseTo(660, 0);
  });
});
