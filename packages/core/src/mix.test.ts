// The mix as the host receives it: sums before the clip, the clip at the end,
// the host's buffer written exactly where asked, the context each signal sees,
// in every mix of compiled signals and functions of their own.
import { describe, expect, it } from 'vitest';
import { RING } from './binding.js';
import { mapKernel } from './kernel.js';
import { createRuntime } from './runtime.js';
import { renderFrames } from './test-support.js';
import type { Signal } from './types.js';

const SR = 48000;
const constant = (v: number): Signal => mapKernel('constant', [v], (m, o, s, x) => x);
const own =
  (v: number): Signal =>
  () =>
    v;

describe('the mix', () => {
  // Compiled signals alone, with functions of their own, and functions alone.
  const kinds: Array<[string, (v: number) => Signal, (v: number) => Signal]> = [
    ['compiled', constant, constant],
    ['compiled and own', constant, own],
    ['own', own, own],
  ];
  for (const [label, first, second] of kinds) {
    it(`${label}: clips the sum, not each signal, to [-1, 1]`, () => {
      const rt = createRuntime({ sampleRate: SR, channels: 1 });
      rt.register('a', first(0.75), { fadeSeconds: 0 });
      rt.register('b', second(0.75), { fadeSeconds: 0 });
      expect(renderFrames(rt, 1)[0]).toBe(1);
      rt.register('c', first(-0.75), { fadeSeconds: 0 });
      expect(renderFrames(rt, 1)[0]).toBe(0.75);
      rt.register('d', second(-3), { fadeSeconds: 0 });
      expect(renderFrames(rt, 1)[0]).toBe(-1);
      rt.register('d', second(-0.5), { fadeSeconds: 0 });
      expect(renderFrames(rt, 1)[0]).toBe(0.25);
    });
  }

  it('writes frames * channels samples from the start of the host buffer and nothing past them, over many chunks', () => {
    const rt = createRuntime({ sampleRate: SR, channels: 2 });
    rt.register('a', (s) => (s.ch === 0 ? s.frame / 1e4 : -s.frame / 1e4), { fadeSeconds: 0, channels: 2 });
    rt.register('k', constant(0.5), { fadeSeconds: 0 });
    const frames = 2 * RING + 3;
    const out = new Float32Array(2 * frames + 4).fill(7);
    rt.render(out, frames);
    expect([out[0], out[1], out[2], out[3]]).toEqual([0.5, 0.5, Math.fround(0.5001), Math.fround(0.4999)]);
    const last = frames - 1;
    expect([out[2 * last], out[2 * last + 1]]).toEqual([Math.fround(0.5 + last / 1e4), Math.fround(0.5 - last / 1e4)]);
    expect(Array.from(out.subarray(2 * frames))).toEqual([7, 7, 7, 7]);
    expect(rt.frame).toBe(frames);
  });

  it('a compiled signal alone writes the clipped mix straight out, and the same samples as alongside a function of its own', () => {
    const alone = createRuntime({ sampleRate: SR, channels: 1 });
    const ramp = (): Signal => mapKernel('frames', [], (m, o, s) => (s.frame % 300) / 100 - 1.5);
    alone.register('k', ramp(), { fadeSeconds: 0 });
    const mixed = createRuntime({ sampleRate: SR, channels: 1 });
    mixed.register('k', ramp(), { fadeSeconds: 0 });
    mixed.register('z', own(0), { fadeSeconds: 0 });
    const a = renderFrames(alone, 600, 100);
    const b = renderFrames(mixed, 600, 100);
    expect([a[0], a[49], a[50], a[150], a[249], a[250], a[299]]).toEqual([-1, -1, -1, 0, 0.9900000095367432, 1, 1]);
    let same = true;
    for (let i = 0; i < a.length; i++) same &&= Object.is(a[i], b[i]);
    expect(same).toBe(true);
  });
});

describe('the context each signal sees', () => {
  it('frame, t = frame / sr, dt, sr, name, channels and ch, for functions and kernels alike', () => {
    const seen: string[] = [];
    const rt = createRuntime({ sampleRate: 44100, channels: 2, startFrame: 7 });
    rt.register(
      'fn',
      (s) => {
        seen.push(`${s.name} ${s.frame} ${s.t === s.frame / 44100} ${s.dt === 1 / 44100} ${s.sr} ${s.channels} ${s.ch} ${s.state.length}`);
        return 0;
      },
      { fadeSeconds: 0, channels: 2 },
    );
    rt.register(
      'mono',
      (s) => {
        seen.push(`${s.name} ${s.frame} ${s.channels} ${s.ch}`);
        return 0;
      },
      { fadeSeconds: 0, channels: 1 },
    );
    renderFrames(rt, 2);
    expect(seen).toEqual(['fn 7 true true 44100 2 0 64', 'fn 7 true true 44100 2 1 64', 'mono 7 1 0', 'fn 8 true true 44100 2 0 64', 'fn 8 true true 44100 2 1 64', 'mono 8 1 0']);
  });

  it('a mono signal is heard in every channel of a stereo runtime', () => {
    const rt = createRuntime({ sampleRate: SR, channels: 2 });
    rt.register('m', constant(0.25), { fadeSeconds: 0, channels: 1 });
    rt.register('o', own(0.125), { fadeSeconds: 0, channels: 1 });
    expect(Array.from(renderFrames(rt, 2))).toEqual([0.375, 0.375, 0.375, 0.375]);
  });
});
