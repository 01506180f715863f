import { createRuntime, inlineReport, type Signal } from '@aither/core';
import { describe, expect, it } from 'vitest';
import { render, runtimeFor } from '@aither/helper-kit';
import * as physical from './index.js';
import { bell, pluck } from './index.js';

const SR = 48000;

function run(build: () => Signal, frames: number, sampleRate = SR): Float32Array {
  const rt = createRuntime({ sampleRate, channels: 1 });
  rt.register('p', build(), { fadeSeconds: 0 });
  const out = new Float32Array(frames);
  rt.render(out, frames);
  expect(rt.drainErrors()).toEqual([]);
  return out;
}

function goertzel(x: ArrayLike<number>, hz: number, sr = SR): number {
  const w = (2 * Math.PI * hz) / sr;
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i < x.length; i++) {
    const s0 = x[i]! + 2 * Math.cos(w) * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  return Math.hypot(s1 - s2 * Math.cos(w), s2 * Math.sin(w)) / x.length;
}

/** Frequency with the most energy among `candidates`. */
const loudest = (x: ArrayLike<number>, candidates: number[], sr = SR) => candidates.reduce((best, f) => (goertzel(x, f, sr) > goertzel(x, best, sr) ? f : best));

const rms = (x: Float32Array, from: number, to: number) => Math.sqrt(x.subarray(from, to).reduce((a, v) => a + v * v, 0) / (to - from));

describe('pluck', () => {
  for (const sr of [44100, 48000]) {
    it(`rings at its pitch and decays (${sr} Hz)`, () => {
      const y = run(() => pluck(220), sr, sr);
      const scan = Array.from({ length: 81 }, (_, i) => 200 + i * 0.5);
      expect(Math.abs(loudest(y.subarray(sr / 10), scan, sr) - 220)).toBeLessThanOrEqual(1.5);
      expect(rms(y, sr / 2, sr)).toBeLessThan(rms(y, 0, sr / 10));
      expect(rms(y, sr / 2, sr)).toBeGreaterThan(0.001);
    });
  }

  it('plucks again on a rising trigger', () => {
    const y = run(() => pluck(330, (s) => (s.t >= 0.5 ? 1 : 0), 0.98), SR);
    expect(rms(y, 0.5 * SR + 100, 0.5 * SR + 2000)).toBeGreaterThan(5 * rms(y, 0.5 * SR - 2000, 0.5 * SR));
  });
});

describe('bell', () => {
  it('has partials at the free-bar ratios, and its highs die first', () => {
    const y = run(() => bell(200, 0, 2), SR * 2);
    const early = y.subarray(0, SR / 2);
    for (const ratio of [1, 2.756, 5.404]) {
      expect(goertzel(early, 200 * ratio)).toBeGreaterThan(20 * goertzel(early, 200 * ratio * 1.12));
    }
    const late = y.subarray(SR, 2 * SR);
    const fall = (f: number) => goertzel(late, f) / goertzel(early, f);
    expect(fall(200 * 5.404)).toBeLessThan(fall(200));
    expect(Math.max(...y.map(Math.abs))).toBeLessThan(1);
  });

  it('is tuned at each strike by the value its frequency signal has then, however it moves between strikes', () => {
    // `mod` (800 ± 300 Hz at 3 Hz, a kernel with a phase of its own) is 800 Hz at the first strike
    // and 500 Hz at the second, 0.25 s in; the strikes ring 0.04 s, so the first has died by then.
    const rt = runtimeFor({ install: [physical] }, SR, 1);
    rt.evaluate(`const mod = testModulation(); register('b', bell(mod, (s) => (s.t >= 0.25 ? 1 : 0), 0.04), { fadeSeconds: 0 });`);
    const y = render(rt, 0.35 * SR);
    expect(rt.drainErrors()).toEqual([]);
    const [first, second] = [y.subarray(0, 0.05 * SR), y.subarray(0.25 * SR, 0.3 * SR)];
    expect(goertzel(first, 800)).toBeGreaterThan(10 * goertzel(first, 500));
    expect(goertzel(second, 500)).toBeGreaterThan(10 * goertzel(second, 800));
    expect(loudest(second, [440, 470, 500, 530, 560])).toBe(500);
  });
});

describe('as a package', () => {
  it('installs into a session and keeps state across a reload, like any helper', () => {
    // Plucked once at the start: a reload must not pluck again (the 'armed' flag is pool state).
    const session = `play('harp', pluck(196, 0, 0.99), 0);`;
    const make = () => createRuntime({ sampleRate: SR, channels: 1, install: [physical] });
    const a = make();
    a.evaluate(session);
    const first = new Float32Array(4800);
    a.render(first, 4800);
    a.evaluate(session);
    const second = new Float32Array(4800);
    a.render(second, 4800);
    const b = make();
    b.evaluate(session);
    const ref = new Float32Array(9600);
    b.render(ref, 9600);
    expect(first).toEqual(ref.subarray(0, 4800));
    expect(second).toEqual(ref.subarray(4800));
    expect(a.liveBlocks().map((k) => k.key)).toEqual(['harp_pluck_0']);
  });

  it("pluck is written into its signal's loop and sounds exactly as through its closure", () => {
    const compiled = run(() => pluck(220, 0, 0.995), 6000);
    const called = run(() => {
      const string = pluck(220, 0, 0.995);
      return (s) => string(s); // a function of the session's own: the kernel runs through its closure
    }, 6000);
    expect(compiled.some((v) => v !== 0)).toBe(true);
    expect(compiled).toEqual(called);
    expect(inlineReport(pluck(220, 0, 0.995))).toBeNull();
  });
});
