// Channel width inferred through the graph (the rule is in widen's TSDoc): each
// helper's block holds as many channels as its inputs can tell apart.
import { describe, expect, it } from 'vitest';
import { binder, claimStateBlock, defineHelper, HEADER, onBind, widen } from './binding.js';
import { kernel, mapKernel, type KernelStep } from './kernel.js';
import { readsChannel } from './reads-channel.js';
import { createRuntime, type Runtime } from './runtime.js';
import type { Param, Signal } from './types.js';

const phaseStep: KernelStep = (m, o, s, f) => {
  const p = m[o]!;
  const n = p + f * s.dt;
  m[o] = n - Math.floor(n);
  return Math.sin(2 * Math.PI * p);
};
const smoothStep: KernelStep = (m, o, s, x) => {
  const y = m[o]! + 0.1 * (x - m[o]!);
  m[o] = y;
  return y;
};
const sideStep: KernelStep = (m, o, s, x) => (s.ch === 0 ? x : -x);
const halfStep: KernelStep = (m, o, s, x) => 0.5 * x;

const src = (f: Param): Signal => kernel('src', 1, [f], phaseStep);
const smooth = (x: Param): Signal => kernel('smooth', 1, [x], smoothStep);
/** Declares stereo, as pan does; its channels differ only through its init. */
const spread = (x: Param): Signal => {
  widen(2);
  return kernel('spread', 1, [x], smoothStep, {
    init: (m, o, channel) => {
      m[o] = channel;
    },
  });
};
/** Reads s.ch, declares nothing. */
const side = (x: Param): Signal => kernel('side', 1, [x], sideStep);
const half = (x: Param): Signal => mapKernel('half', [x], halfStep);

function widths(rt: Runtime): Record<string, number> {
  return Object.fromEntries(
    rt
      .debug()
      .registry.liveBlocks()
      .map((b) => [b.key, b.channels]),
  );
}

function stereo(build: () => Signal, channels = 2): Runtime {
  const rt = createRuntime({ sampleRate: 48000, channels, fadeSeconds: 0 });
  rt.register('a', build(), { channels, fadeSeconds: 0 });
  return rt;
}

describe('channel width', () => {
  it('a source and what it feeds stay mono until a helper widens; after it, the signal is as wide as it', () => {
    const rt = stereo(() => smooth(spread(smooth(half(src(110))))));
    expect(widths(rt)).toEqual({ a_src_0: 1, a_smooth_0: 1, a_spread_0: 2, a_smooth_1: 2 });
  });

  it('widen() declares the helper constructed next, not one built after it', () => {
    const rt = stereo(() => {
      widen(2);
      // src(110) is constructed first (smooth's argument): it takes the declaration.
      const wide = smooth(src(110));
      return half(mix2(wide, smooth(src(220))));
    });
    expect(widths(rt)).toEqual({ a_src_0: 2, a_smooth_0: 2, a_src_1: 1, a_smooth_1: 1 });
  });

  it('a step that reads s.ch is as wide as its signal, and so is what reads it', () => {
    const rt = stereo(() => smooth(side(src(110))), 4);
    expect(widths(rt)).toEqual({ a_src_0: 1, a_side_0: 4, a_smooth_0: 4 });
  });

  it('an input the runtime cannot see into counts as the signal’s full width', () => {
    const rt = stereo(() => smooth(src((s) => 110 + s.ch)));
    expect(widths(rt)).toEqual({ a_src_0: 2, a_smooth_0: 2 });
  });

  it('a width is rounded up to a power of two (blocks are read at ch & mask)', () => {
    const rt = stereo(() => {
      widen(3);
      return smooth(src(110));
    }, 4);
    expect(widths(rt)).toEqual({ a_src_0: 4, a_smooth_0: 4 });
  });

  it('closure helpers and raw bind hooks are bound at the signal’s width, and see it as s.channels', () => {
    const seen: number[] = [];
    const rt = stereo(() => {
      const h = defineHelper('closure', 1);
      onBind('raw', (s) => {
        seen.push(s.channels);
        claimStateBlock(s, 'raw', s.channels);
      });
      const inner = src(110);
      return (s) => {
        const o = h.begin(s);
        return o < 0 ? h.last(o) : h.end(o, inner(s));
      };
    });
    expect(seen).toEqual([2]);
    expect(widths(rt)).toEqual({ a_closure_0: 2, a_raw_0: 2, a_src_0: 1 });
  });

  it('a helper bound already keeps its width when a wider signal reads it', () => {
    const rt = createRuntime({ sampleRate: 48000, channels: 2, fadeSeconds: 0 });
    rt.evaluate('');
    const lfo = src(3);
    rt.register('a', smooth(lfo), { fadeSeconds: 0 });
    rt.register('b', smooth(lfo), { channels: 2, fadeSeconds: 0 });
    expect(widths(rt)).toEqual({ a_src_0: 1, a_smooth_0: 1, b_smooth_0: 1 });
  });

  it('a helper bound already at a narrower width than its inputs ask keeps it: what reads it is as narrow', () => {
    const rt = createRuntime({ sampleRate: 48000, channels: 2, fadeSeconds: 0 });
    rt.evaluate('');
    const sided = side(src(3)); // reads s.ch: as wide as the signal that binds it
    rt.register('a', sided, { channels: 1, fadeSeconds: 0 });
    rt.register('b', smooth(sided), { channels: 2, fadeSeconds: 0 });
    expect(widths(rt)).toEqual({ a_src_0: 1, a_side_0: 1, b_smooth_0: 1 });
  });

  it('a value read again and again through the graph is widened once: a chain of 64 diamonds registers at once', () => {
    const rt = createRuntime({ sampleRate: 48000, channels: 2, fadeSeconds: 0 });
    let x: Signal = src(110);
    for (let i = 0; i < 64; i++) x = mapKernel('sum', [x, x], (m, o, s, a, b) => 0.5 * (a + b));
    rt.register('a', smooth(x), { channels: 2, fadeSeconds: 0 });
    expect(widths(rt)).toEqual({ a_src_0: 1, a_smooth_0: 1 });
  });

  it('a mono helper in a stereo signal is computed once per frame and heard in both channels', () => {
    const rt = stereo(() => smooth(src(440)));
    const out = new Float32Array(256 * 2);
    rt.render(out, 256);
    expect(out.some((v) => v !== 0)).toBe(true);
    for (let f = 0; f < 256; f++) expect(out[2 * f + 1]).toBe(out[2 * f]);
    // One phase advanced once per frame: the same as in a mono runtime.
    const mono = stereo(() => smooth(src(440)), 1);
    const ref = new Float32Array(256);
    mono.render(ref, 256);
    for (let f = 0; f < 256; f++) expect(out[2 * f]).toBe(ref[f]);
  });

  it('forced to full width (the reference of the differential tests), every block holds the signal’s channels', () => {
    binder().fullWidth = true;
    try {
      const rt = stereo(() => smooth(spread(src(110))));
      expect(widths(rt)).toEqual({ a_src_0: 2, a_spread_0: 2, a_smooth_0: 2 });
    } finally {
      binder().fullWidth = false;
    }
  });

  it('a reload keeps the block of a helper whose width is unchanged, and gives a fresh one to a helper whose width changed', () => {
    const rt = createRuntime({ sampleRate: 48000, channels: 2, fadeSeconds: 0, install: [{ src, smooth, mix2 }] });
    rt.evaluate(`register('a', smooth(src(110)), { channels: 2, fadeSeconds: 0 });`);
    rt.render(new Float32Array(2 * 1000), 1000);
    const at = (key: string) =>
      rt
        .debug()
        .registry.liveBlocks()
        .find((b) => b.key === key)!;
    const before = { src: at('a_src_0'), smooth: at('a_smooth_0') };
    const phase = rt.debug().helperPool.memory[before.src.at + HEADER]!;
    expect(phase).toBeGreaterThan(0);
    expect(rt.debug().helperPool.memory[before.smooth.at + HEADER]).not.toBe(0);
    // The smoother now reads a wide input: it widens, its source does not.
    rt.evaluate(`register('a', smooth(mix2(src(110), s => s.ch)), { channels: 2, fadeSeconds: 0 });`);
    expect(at('a_src_0')).toBe(before.src);
    expect(rt.debug().helperPool.memory[before.src.at + HEADER]).toBe(phase);
    const smoothed = at('a_smooth_0');
    expect(smoothed).not.toBe(before.smooth);
    expect(smoothed.channels).toBe(2);
    expect(rt.debug().helperPool.memory[smoothed.at + HEADER]).toBe(0);
  });
});

const mix2Step: KernelStep = (m, o, s, a, b) => a + b;
function mix2(a: Param, b: Param): Signal {
  return mapKernel('mix2', [a, b], mix2Step);
}

describe('readsChannel', () => {
  it('is true for a function that reads s.ch or may (hands s on, arguments, unreadable parameters)', () => {
    expect(readsChannel((m: Float64Array, o: number, s: { ch: number }) => s.ch)).toBe(true);
    expect(readsChannel((m: Float64Array, o: number, ctx: { ch: number }) => ctx.ch)).toBe(true);
    expect(readsChannel((m: Float64Array, o: number, s: unknown) => String(s))).toBe(true);
    expect(readsChannel((m: Float64Array, o: number, s: { state: Float64Array }) => s.state[0]!)).toBe(true);
    expect(
      readsChannel(function (this: unknown) {
        // biome-ignore lint/complexity/noArguments: the case under test
        return arguments.length;
      }),
    ).toBe(true);
    expect(readsChannel(({ length }: Float64Array) => length)).toBe(true);
    expect(readsChannel(phaseStep.bind(null))).toBe(true);
  });

  it('is false for one that reads only what every channel shares', () => {
    expect(readsChannel((m: Float64Array, o: number, s: { sr: number; dt: number; t: number; frame: number; channels: number }) => s.sr * s.dt + s.t + s.frame + s.channels)).toBe(
      false,
    );
    expect(readsChannel((m: Float64Array, o: number) => m[o]!)).toBe(false);
    expect(readsChannel(() => 0)).toBe(false);
    expect(readsChannel(phaseStep)).toBe(false);
    expect(readsChannel(sideStep)).toBe(true);
    // A comment or a string is not a use (an apostrophe's s, "s.ch" quoted).
    const commented = new Function('return (m, o, s, x) => {\n  // the integrator\'s input\n  return x + "s.ch".length;\n}')();
    expect(readsChannel(commented)).toBe(false);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a template literal's source, on purpose
    expect(readsChannel(new Function('return (m, o, s, x = (1, 2)) => `${s.ch}`')())).toBe(true);
  });
});
