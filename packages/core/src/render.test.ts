import { describe, expect, it } from 'vitest';
import { defineHelper, HEADER, widen } from './binding.js';
import { createRuntime } from './runtime.js';
import { ramp, renderFrames } from './test-support.js';
import type { Signal } from './types.js';

const rate = 48000;
const fadeFrames = rate * 0.005;
const make = (channels = 1) => createRuntime({ sampleRate: rate, channels, helperPoolSize: 4096 });
const sine =
  (hz: number, amp: number): Signal =>
  (s) =>
    amp * Math.sin(2 * Math.PI * hz * s.t);

describe('render loop', () => {
  it('mixes signals and clips the sum to [-1, 1]', () => {
    const rt = make();
    rt.play('a', () => 0.75, 0);
    rt.play('b', () => 0.5, 0);
    rt.play('c', () => -3, 0);
    const out = renderFrames(rt, 4);
    expect([...out]).toEqual([-1, -1, -1, -1]);
    rt.stop('c', 0);
    expect([...renderFrames(rt, 2)]).toEqual([1, 1]);
  });

  it('mutes a throwing and a NaN signal, reports each once, and leaves the healthy one bit-identical', () => {
    const rt = make();
    const alone = make();
    const faults: string[] = [];
    rt.onError((f) => faults.push(f.message));
    for (const r of [rt, alone]) r.register('healthy', sine(440, 0.3));
    rt.register('thrower', (s) => {
      if (s.frame >= 0) throw new Error('boom');
      return 0;
    });
    rt.register('nan', () => NaN);
    rt.register('inf', (s) => (s.frame < 0 ? 0 : -Infinity));
    expect(renderFrames(rt, 4800)).toEqual(renderFrames(alone, 4800));
    expect(faults).toEqual([
      "Signal 'thrower' threw at t=0.000s: boom. It is muted; the others play on. Fix it and evaluate again: it restarts with fresh state.",
      "Signal 'nan' produced NaN at t=0.000s. It is muted; the others play on. Fix it and evaluate again: it restarts with fresh state.",
      "Signal 'inf' produced -Infinity at t=0.000s. It is muted; the others play on. Fix it and evaluate again: it restarts with fresh state.",
    ]);
    const drained = rt.drainErrors();
    expect(drained.map((f) => [f.signal, f.kind])).toEqual([
      ['thrower', 'threw'],
      ['nan', 'non-finite'],
      ['inf', 'non-finite'],
    ]);
    expect(rt.drainErrors()).toEqual([]);
    // New code for a faulted signal brings it back.
    rt.register('nan', () => 0.1);
    const out = renderFrames(rt, fadeFrames + 10);
    expect(out[out.length - 1]! - renderFrames(alone, fadeFrames + 10).at(-1)!).toBeCloseTo(0.1, 6);
  });

  it('reports a helper built while rendering, and takes no memory', () => {
    const rt = make();
    const used = rt.stats().helperSlotsUsed;
    rt.register('leaky', (s) => ramp(220)(s));
    renderFrames(rt, 128);
    const [fault] = rt.drainErrors();
    expect(fault!.message).toMatch(/ramp\(\) was called while rendering.*Build it once outside.*No memory was taken/);
    expect(rt.stats().helperSlotsUsed).toBe(used);
  });

  it('fades a new signal in and a stopped one out over the fade time, linearly', () => {
    const rt = make();
    rt.register('dc', () => 0.5);
    const out = renderFrames(rt, fadeFrames + 4);
    expect(out[0]).toBeCloseTo(0.5 / fadeFrames, 6);
    expect(out[fadeFrames / 2 - 1]).toBeCloseTo(0.25, 6);
    expect(out[fadeFrames + 2]).toBe(0.5);
    rt.stop('dc');
    const tail = renderFrames(rt, fadeFrames + 4);
    expect(tail[0]).toBeCloseTo(0.5 - 0.5 / fadeFrames, 6);
    expect(tail[fadeFrames]).toBe(0);
    expect(rt.list()).toEqual([]);
    expect(rt.stats().signals).toBe(0);
  });

  it('keeps a muted signal running, so unmuting resumes where time is', () => {
    const rt = make();
    const reference = make();
    for (const r of [rt, reference]) r.play('ramp', ramp(10), 0);
    rt.mute('ramp', 0);
    expect(Math.max(...renderFrames(rt, 1000))).toBe(0);
    renderFrames(reference, 1000);
    rt.unmute('ramp', 0);
    expect(renderFrames(rt, 100)).toEqual(renderFrames(reference, 100));
  });

  it('solo silences the others; unsolo brings them back; clear stops all', () => {
    const rt = make();
    rt.play('a', () => 0.25, 0);
    rt.play('b', () => 0.5, 0);
    rt.solo('b', 0);
    expect(renderFrames(rt, 1)[0]).toBe(0.5);
    rt.unsolo(0);
    expect(renderFrames(rt, 1)[0]).toBe(0.75);
    rt.clear(0);
    expect(rt.list()).toEqual([]);
    expect(renderFrames(rt, 1)[0]).toBe(0);
  });

  it('renders the same samples from the same code, whatever the block size', () => {
    const code = `play('a', s => Math.sin(2 * Math.PI * 330 * s.t) * 0.5); play('b', ramp(3));`;
    const one = make(2);
    const two = make(2);
    for (const r of [one, two]) {
      r.install({ ramp });
      r.evaluate(code);
    }
    expect(renderFrames(one, 5000, 128)).toEqual(renderFrames(two, 5000, 333));
  });
});

describe('N-stride: multi-channel signals', () => {
  /** A helper with per-channel state: a ramp whose rate doubles on channel 1. */
  function ramps(rate: number): Signal {
    const h = defineHelper('ramps', 1);
    return (s) => {
      const o = h.begin(s);
      if (o < 0) return h.last(o);
      const m = h.memory;
      const p = m[o]!;
      m[o] = (p + rate * (s.ch + 1) * s.dt) % 1;
      return h.end(o, p);
    };
  }

  it("allocates size × channels and keeps each channel's state apart", () => {
    const rt = make(2);
    rt.register('st', ramps(480), { channels: 2, fadeSeconds: 0 });
    expect(rt.stats().helperSlotsUsed).toBe((1 + HEADER) * 2);
    const out = renderFrames(rt, 11);
    expect(out[20]).toBeCloseTo(0.1, 7); // left: 10 frames at 480 Hz
    expect(out[21]).toBeCloseTo(0.2, 7); // right: twice as fast
  });

  it('takes the channel count from the widest helper, and copies mono to every output', () => {
    const rt = make(2);
    function stereo(x: Signal): Signal {
      widen(2);
      return (s) => (s.ch === 0 ? x(s) : -x(s));
    }
    rt.play(
      'wide',
      stereo(() => 0.5),
      0,
    );
    rt.play('mono', () => 0.25, 0);
    expect([...renderFrames(rt, 1)]).toEqual([0.75, -0.25]);
  });
});
