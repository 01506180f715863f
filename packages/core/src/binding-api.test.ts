// The low-level helper API (defineHelper, onBind, claimStateBlock, widen) as
// a helper author uses it: what a bind hook and an init are given, the block
// layout per channel, and the errors with their exact words.
import { describe, expect, it } from 'vitest';
import { binder, CLAIMS, claimStateBlock, defineHelper, HANDLE, HEADER, HelperInRenderError, handleOf, onBind, RING, takePending, UnboundHelperError, widen } from './binding.js';
import { kernel, nodeOf } from './kernel.js';
import { createRuntime } from './runtime.js';
import { renderFrames } from './test-support.js';
import type { Signal } from './types.js';

const SR = 48000;

/** A closure helper of `slots` slots per channel that outputs its channel's first slot, counting it up by 1/8 per frame. */
function counter(slots: number | ((sr: number) => number), seen: unknown[][] = []): Signal {
  const h = defineHelper('counter', slots, (m, offset, channel, key, sr) => {
    seen.push([offset - h.at, channel, key, sr]);
    m[offset] = channel / 2;
  });
  return h.signal((s) => {
    const o = h.begin(s);
    if (o < 0) return h.last(o);
    const m = h.memory;
    const y = m[o]!;
    m[o] = y + 0.125;
    return h.end(o, y);
  });
}

describe('defineHelper', () => {
  it('presets each channel once with its offset, index, stable key and sample rate; not again on reload', () => {
    const rt = createRuntime({ sampleRate: SR, channels: 2, helperPoolSize: 4096 });
    const seen: unknown[][] = [];
    rt.register('a', counter(2, seen), { fadeSeconds: 0, channels: 2 });
    expect(seen).toEqual([
      [HEADER, 0, 'a_counter_0', SR],
      [2 + 2 * HEADER, 1, 'a_counter_0', SR],
    ]);
    expect(Array.from(renderFrames(rt, 2))).toEqual([0, 0.5, 0.125, 0.625]);
    rt.register('a', counter(2, seen), { fadeSeconds: 0, channels: 2 });
    expect(seen.length).toBe(2);
    expect(Array.from(renderFrames(rt, 1))).toEqual([0.25, 0.75]);
  });

  it('takes its slots as a function of the sample rate, and lays each channel out as stamp, ring, state', () => {
    const rt = createRuntime({ sampleRate: 44100, channels: 2, helperPoolSize: 4096 });
    rt.register(
      'a',
      counter((sr) => sr / 44100 + 2),
      { fadeSeconds: 0, channels: 2 },
    );
    const [block] = rt.liveBlocks();
    expect([block!.key, block!.size]).toEqual(['a_counter_0', 2 * (HEADER + 3)]);
    renderFrames(rt, 3);
    const m = rt.debug().helperPool.memory;
    const at = block!.at;
    expect([m[at], m[at + HEADER + 3]]).toEqual([2, 2]); // each channel's stamp: the last frame computed
    expect([m[at + 1], m[at + 2], m[at + 3]]).toEqual([0, 0.125, 0.25]); // channel 0's ring of outputs
    expect(m[at + HEADER]).toBe(0.375);
  });

  it('stamps a new block -1, so that frame 0 is computed, then computes each frame once', () => {
    const rt = createRuntime({ sampleRate: SR, channels: 1, helperPoolSize: 4096 });
    const c = counter(1);
    rt.register('a', (s) => c(s) + c(s), { fadeSeconds: 0 });
    expect(rt.debug().helperPool.memory[rt.liveBlocks()[0]!.at]).toBe(-1);
    expect(Array.from(renderFrames(rt, 3))).toEqual([0, 0.25, 0.5]);
    // The ring answers a late caller for the last RING frames.
    expect(rt.debug().helperPool.memory[rt.liveBlocks()[0]!.at + 1 + (2 & (RING - 1))]).toBe(0.25);
  });

  it('a helper bound for 3 channels computes 2 (a power of two): channel 2 reads channel 0 (ch & mask)', () => {
    const rt = createRuntime({ sampleRate: SR, channels: 4, helperPoolSize: 4096 });
    const c = counter(1);
    rt.register('three', (s) => c(s), { fadeSeconds: 0, channels: 3 });
    // Channels 0 and 2 both read channel 0: the second call of a frame gets the ring's value.
    expect(Array.from(renderFrames(rt, 1))).toEqual([0, 0.5, 0, 0]);
    expect(Array.from(renderFrames(rt, 1))).toEqual([0.125, 0.625, 0.125, 0]); // a 3-channel signal leaves the 4th channel silent
  });
});

describe('widen', () => {
  it('makes the next register compute at least that many channels, unless its options say otherwise', () => {
    const rt = createRuntime({ sampleRate: SR, channels: 2, helperPoolSize: 4096 });
    const stereo = (): Signal => {
      widen(2);
      widen(1); // the widest declared wins
      return (s) => (s.ch === 0 ? 0.25 : -0.25);
    };
    rt.register('w', stereo(), { fadeSeconds: 0 });
    expect(Array.from(renderFrames(rt, 1))).toEqual([0.25, -0.25]);
    rt.register('w', stereo(), { fadeSeconds: 0, channels: 1 });
    expect(Array.from(renderFrames(rt, 1))).toEqual([0.25, 0.25]);
    rt.register('plain', () => 0, { fadeSeconds: 0 }); // the width was reset by the register before
    rt.register('w', (s) => (s.ch === 0 ? 0.25 : -0.25), { fadeSeconds: 0 });
    expect(Array.from(renderFrames(rt, 1))).toEqual([0.25, 0.25]);
  });
});

describe('the binder', () => {
  it('is kept on globalThis under Symbol.for("aither.binder"), where every copy of core, of any version, finds it', () => {
    expect((globalThis as Record<symbol, unknown>)[Symbol.for('aither.binder')]).toBe(binder());
  });

  it('a widen declared twice for one kernel gives it the wider count', () => {
    widen(2);
    widen(1);
    expect(nodeOf(kernel('wide', 1, [], () => 0))!.widens).toBe(2);
    expect(nodeOf(kernel('next', 1, [], () => 0))!.widens).toBe(0);
    takePending(); // built for no register
  });

  it('handleOf finds a handle only on a function', () => {
    const h = defineHelper('marked', 1);
    const marked = h.signal(() => 0);
    expect(handleOf(marked)).toBe(h);
    expect([handleOf(null), handleOf(undefined), handleOf({ [HANDLE]: h }), handleOf(() => 0)]).toEqual([undefined, undefined, undefined, undefined]);
    takePending(); // built for no register
  });
});

describe('onBind and claimStateBlock', () => {
  it('called with a context that is no bind context (other symbols, or no claims), says where it may be called', () => {
    const message = "claimStateBlock('x') can only be called from a bind hook, while a signal is registered";
    expect(() => claimStateBlock({ [Symbol('other')]: 1 } as never, 'x', 1)).toThrow(new Error(message));
    expect(() => claimStateBlock({ [CLAIMS]: undefined } as never, 'x', 1)).toThrow(new Error(message));
  });

  it('a raw hook claims under the stable key, counting claims per helper, and sees the signal’s context', () => {
    const rt = createRuntime({ sampleRate: SR, channels: 2, helperPoolSize: 4096 });
    const context: unknown[] = [];
    let first = -1;
    let second = -1;
    onBind('raw', (s) => {
      context.push([s.name, s.sr, s.dt, s.channels, s.frame, s.memory === rt.debug().helperPool.memory]);
      first = claimStateBlock(s, 'raw', 3, (m, at, key) => {
        m[at] = key.length;
      });
      second = claimStateBlock(s, 'raw', 0);
    });
    rt.register('sig', () => 0, { channels: 2 });
    expect(context).toEqual([['sig', SR, 1 / SR, 2, 0, true]]);
    expect(rt.liveBlocks().map((b) => [b.key, b.size])).toEqual([
      ['sig_raw_0', 3],
      ['sig_raw_1', 0],
    ]);
    expect(rt.debug().helperPool.memory[first]).toBe('sig_raw_0'.length);
    expect(second).toBeGreaterThanOrEqual(0);
  });

  it('a helper built inside a render is refused, with a message that shows the fix', () => {
    const rt = createRuntime({ sampleRate: SR, channels: 1, helperPoolSize: 4096 });
    rt.register('bad', (s) => counter(1)(s), { fadeSeconds: 0 });
    renderFrames(rt, 1);
    const [fault] = rt.drainErrors();
    expect(fault!.error).toBeInstanceOf(HelperInRenderError);
    expect((fault!.error as HelperInRenderError).helper).toBe('counter');
    expect((fault!.error as Error).message).toBe(
      'counter() was called while rendering, inside a per-sample function: it would claim new memory every sample. ' +
        "Build it once outside and call the result, e.g. `const h = counter(...); register('x', s => h(s))` " +
        "or `register('x', pipe(counter(...), ...))`. No memory was taken.",
    );
    expect((fault!.error as Error).name).toBe('HelperInRenderError');
    expect(rt.stats().helperBlocks).toBe(0);
  });

  it('a helper never bound, called from a function of the user’s own, is an UnboundHelperError naming both', () => {
    const e = new UnboundHelperError('lfo', 'pad');
    expect([e.name, e.helper, e.signal]).toEqual(['UnboundHelperError', 'lfo', 'pad']);
    expect(e.message).toBe(
      "lfo() has no memory: it was never bound, or freed when no playing signal could be seen using it, and 'pad' calls it from a function of its own. " +
        "Build the helper where 'pad' is made, before its register (or keep it on globalThis, or install it, to share it between evaluations).",
    );
  });
});
