// Tiered loops (a live host's runtime): a signal whose loop is new plays on
// its closures from the next block, while `warm` makes the loop and warms it
// on scratch memory between blocks; then the loop takes over. No sample may
// tell which tier played it, and warming may touch nothing live.
import { describe, expect, it } from 'vitest';
import { RING, type HelperState } from './binding.js';
import { kernel, type KernelStep } from './kernel.js';
import { createRuntime } from './runtime.js';
import { WarmScratch } from './tier.js';
import type { RuntimeOptions, Signal } from './types.js';

const SR = 48000;

const phaseStep: KernelStep = (m, o, s, hz) => {
  const p = m[o]!;
  const next = p + hz * s.dt;
  m[o] = next - Math.floor(next);
  return Math.sin(2 * Math.PI * p);
};
const lowStep: KernelStep = (m, o, s, x, k) => {
  const y = m[o]! + k * (x - m[o]!);
  m[o] = y;
  return y;
};
/** 1 / (frame - at) once the frame passes `at`: Infinity at `at` exactly, a fault. */
const blowStep: KernelStep = (m, o, s, x, at) => (s.frame >= at ? x / (s.frame - at) : x);
/** Channel 0 as it is, channel 1 at minus half (a stereo signal whose channels differ). */
const sideStep: KernelStep = (m, o, s, x) => (s.ch === 0 ? x : -0.5 * x);
const scaleStep: KernelStep = (m, o, s, x, k) => x * k;
/** Throws once the frame reaches `at`. */
const breakStep: KernelStep = (m, o, s, x, at) => {
  if (s.frame >= at) throw new Error('broke');
  return x;
};
const tone = (hz: number): Signal => kernel('tone', 1, [hz], phaseStep);
const low = (x: Signal, k: number): Signal => kernel('low', 1, [x, k], lowStep);
const blow = (x: Signal, at: number): Signal => kernel('blow', 0, [x, at], blowStep);
const side = (x: Signal): Signal => kernel('side', 0, [x], sideStep);
const scale = (x: Signal, k: number): Signal => kernel('scale', 0, [x, k], scaleStep);
const broken = (x: Signal, at: number): Signal => kernel('broken', 0, [x, at], breakStep);
const INSTALL = { tone, low, blow, side, scale, broken };

function runtimes(options: Partial<RuntimeOptions> = {}) {
  const make = (tiered: boolean) => createRuntime({ sampleRate: SR, channels: 2, install: [INSTALL], tiered, warmCalls: 10, ...options });
  return { flat: make(false), tiered: make(true) };
}

/** A clock that moves one ms per reading: `warm(t + n, clock)` takes n + 1 steps. */
function stepClock() {
  let t = 0;
  return { now: () => t++, steps: (rt: ReturnType<typeof createRuntime>, n: number) => rt.warm(t + n - 1, () => t++) };
}

function block(rt: ReturnType<typeof createRuntime>, frames = 128): Float32Array {
  const out = new Float32Array(frames * rt.channels);
  rt.render(out, frames);
  return out;
}

const SESSION = "play('a', low(tone(220), 0.1), 0); play('b', tone(330), 0);";

describe('a tiered runtime', () => {
  it('plays a new signal on its closures from the next block, then on its loop, the same samples throughout', () => {
    const { flat, tiered } = runtimes();
    flat.evaluate(SESSION);
    tiered.evaluate(SESSION);
    expect(tiered.stats()).toMatchObject({ signals: 2, warming: 2, compiledSignals: 0, writtenIn: 0 });
    expect(flat.stats()).toMatchObject({ warming: 0, compiledSignals: 2, writtenIn: 2 });
    const clock = stepClock();
    for (let b = 0; b < 40; b++) {
      expect(Array.from(block(tiered, 97))).toEqual(Array.from(block(flat, 97)));
      clock.steps(tiered, 1);
    }
    // Two signals of one compile and 10 calls each: live within 22 steps.
    expect(tiered.stats()).toMatchObject({ warming: 0, compiledSignals: 2, writtenIn: 2 });
    expect(Array.from(block(tiered))).toEqual(Array.from(block(flat)));
  });

  it('warms on scratch memory: the live memory, the clock and the output are untouched between blocks', () => {
    const { tiered } = runtimes();
    tiered.evaluate(SESSION);
    block(tiered);
    const memory = tiered.debug().helperPool.memory;
    const before = Float64Array.from(memory);
    const frame = tiered.frame;
    const clock = stepClock();
    expect(clock.steps(tiered, 15)).toBe(true);
    expect(memory.every((v, i) => Object.is(v, before[i]))).toBe(true);
    expect(tiered.frame).toBe(frame);
  });

  it('keeps a warm-up over a re-evaluation of the same code, and starts again for changed code', () => {
    const { tiered } = runtimes();
    tiered.evaluate("play('a', low(tone(220), 0.1), 0);");
    const clock = stepClock();
    clock.steps(tiered, 6); // the compile and 5 calls of 10
    tiered.evaluate("play('a', low(tone(220), 0.1), 0);");
    expect(tiered.stats().warming).toBe(1);
    clock.steps(tiered, 5);
    expect(tiered.stats().warming).toBe(0);
    tiered.evaluate("play('a', low(tone(221), 0.1), 0);");
    expect(tiered.stats().warming).toBe(1);
    clock.steps(tiered, 5);
    expect(tiered.stats().warming).toBe(1);
    clock.steps(tiered, 6);
    expect(tiered.stats().warming).toBe(0);
  });

  it('keeps a live loop without warming when the code is unchanged', () => {
    const { tiered } = runtimes();
    tiered.evaluate(SESSION);
    stepClock().steps(tiered, 30);
    expect(tiered.stats().warming).toBe(0);
    tiered.evaluate(SESSION);
    expect(tiered.stats()).toMatchObject({ warming: 0, compiledSignals: 2 });
  });

  it('fades a signal out on its closures and frees it when the fade ends, as its loop would', () => {
    const { flat, tiered } = runtimes();
    for (const rt of [flat, tiered]) rt.evaluate(SESSION);
    for (let b = 0; b < 2; b++) expect(Array.from(block(tiered))).toEqual(Array.from(block(flat)));
    for (const rt of [flat, tiered]) rt.evaluate("play('a', low(tone(220), 0.1), 0);");
    expect(tiered.stats()).toMatchObject({ signals: 2, warming: 2 });
    for (let b = 0; b < 4; b++) expect(Array.from(block(tiered))).toEqual(Array.from(block(flat)));
    expect([tiered.stats().signals, flat.stats().signals]).toEqual([1, 1]);
  });

  it('reports a fault on the closures exactly as the loop reports it, and mutes the signal alone', () => {
    const { flat, tiered } = runtimes();
    const code = "play('a', blow(tone(220), 300), 0); play('b', tone(330), 0);";
    flat.evaluate(code);
    tiered.evaluate(code);
    for (let b = 0; b < 6; b++) expect(Array.from(block(tiered))).toEqual(Array.from(block(flat)));
    const [a, b] = [tiered.drainErrors(), flat.drainErrors()];
    expect(a).toHaveLength(1);
    expect(a).toEqual(b);
    expect(a[0]).toMatchObject({ signal: 'a', kind: 'non-finite', frame: 300 });
  });

  it('does not tier a signal that calls a function of its own (its loop plays at once), and an untiered runtime has nothing to warm', () => {
    const { flat, tiered } = runtimes();
    tiered.evaluate("const t = tone(220); play('u', (s) => t(s) * 0.5, 0);");
    expect(tiered.stats()).toMatchObject({ warming: 0, signals: 1 });
    flat.evaluate(SESSION);
    expect(flat.warming).toBe(false);
    expect(flat.warm(Number.POSITIVE_INFINITY, () => 0)).toBe(false);
  });

  it('ends a turn after a few steps when its clock does not move', () => {
    const { tiered } = runtimes({ warmCalls: 1000 });
    tiered.evaluate(SESSION);
    expect(tiered.warm(1, () => 0)).toBe(true);
    // The first step (a's compile), then nine while the clock read the same 0: all of them a's calls; b waits.
    const calls = (tiered.debug().registry as unknown as { playing: Array<{ warming?: { calls: number } }> }).playing.map((r) => r.warming?.calls);
    expect(calls).toEqual([9, 0]);
  });

  it('plays a signal of several channels on its closures as its loop does, clipped, first in the mix or last, with outputs it leaves silent', () => {
    for (const outputs of [2, 3]) {
      for (const code of [
        "register('st', side(scale(tone(220), 3)), { channels: 2, fadeSeconds: 0 }); play('m', scale(tone(330), 0.25), 0);",
        "play('m', scale(tone(330), 0.25), 0); register('st', side(scale(tone(220), 3)), { channels: 2, fadeSeconds: 0 });",
        "play('loud', scale(tone(110), 4), 0);",
        "register('st', side(scale(tone(220), 3)), { channels: 2, fadeSeconds: 0 });",
      ]) {
        const { flat, tiered } = runtimes({ channels: outputs });
        flat.evaluate(code);
        tiered.evaluate(code);
        expect(tiered.stats().warming).toBeGreaterThan(0);
        const heard = block(tiered, 256);
        expect(Array.from(heard)).toEqual(Array.from(block(flat, 256)));
        expect(Math.max(...heard)).toBe(1);
        expect(Math.min(...heard)).toBe(-1);
        // A mono signal plays on every output, a stereo one on the first two.
        if (outputs === 3) expect(heard.filter((_, i) => i % 3 === 2).some((v) => v !== 0)).toBe(code.includes('play('));
      }
    }
  });

  it('fades a new signal in on its closures as its loop does, mono or stereo, first in the mix or last', () => {
    const stereo = "register('st', side(tone(110)), { channels: 2, fadeSeconds: 0.002 });";
    for (const code of ["play('a', tone(220), 0.002);", `${stereo} play('a', tone(220), 0.002);`, `play('a', tone(220), 0.002); ${stereo}`]) {
      const { flat, tiered } = runtimes();
      for (const rt of [flat, tiered]) rt.evaluate(code);
      expect(tiered.stats().warming).toBeGreaterThan(0);
      const heard = block(tiered, 192);
      expect(Array.from(heard)).toEqual(Array.from(block(flat, 192)));
      expect(heard[0]).toBe(0); // the gain starts at 0, and the tone at phase 0
      expect(heard[2 * 10]).not.toBe(0);
    }
  });

  it('reports a signal that throws on its closures at the frame its loop would', () => {
    const { flat, tiered } = runtimes();
    const code = "play('a', broken(tone(220), 200), 0); play('b', tone(330), 0);";
    flat.evaluate(code);
    tiered.evaluate(code);
    for (let b = 0; b < 4; b++) expect(Array.from(block(tiered))).toEqual(Array.from(block(flat)));
    const [a, b] = [tiered.drainErrors(), flat.drainErrors()];
    expect(a).toEqual(b);
    expect(a).toEqual([expect.objectContaining({ signal: 'a', kind: 'threw', frame: 200 })]);
  });

  it('takes 600 calls of a loop by default before it goes live', () => {
    const tiered = createRuntime({ sampleRate: SR, channels: 2, install: [INSTALL], tiered: true });
    tiered.evaluate("play('a', tone(220), 0);");
    const clock = stepClock();
    clock.steps(tiered, 600); // the compile and 599 calls
    expect(tiered.stats().warming).toBe(1);
    clock.steps(tiered, 1);
    expect(tiered.stats().warming).toBe(0);
  });
});

describe('the scratch a tiered runtime warms loops on', () => {
  it('has mix buffers of RING frames of every output, as the live ones, and memory grown to fit, never shrunk or replaced when long enough', () => {
    const scratch = new WarmScratch(SR, 3);
    expect(scratch.calls).toBe(600);
    expect([scratch.view.m.length, scratch.view.acc.length, scratch.view.out.length]).toEqual([0, RING * 3, RING * 3]);
    expect(scratch.view.s.sr).toBe(SR);
    scratch.fit(10);
    const m = scratch.view.m;
    expect(m.length).toBe(10);
    scratch.fit(10);
    scratch.fit(4);
    expect(scratch.view.m).toBe(m);
    scratch.fit(11);
    expect(scratch.view.m.length).toBe(11);
  });

  it('loads exactly the blocks of the given helpers, at their own offsets, channels included', () => {
    const scratch = new WarmScratch(SR, 2, 7);
    expect(scratch.calls).toBe(7);
    scratch.fit(12);
    const memory = Float64Array.from({ length: 12 }, (_, i) => i + 1);
    const states = [
      { at: 1, stride: 2, channels: 2 },
      { at: 8, stride: 1, channels: 1 },
    ] as unknown as HelperState[];
    scratch.load(memory, states);
    expect(Array.from(scratch.view.m)).toEqual([0, 2, 3, 4, 5, 0, 0, 0, 9, 0, 0, 0]);
  });
});
