import { describe, expect, it } from 'vitest';
import { HEADER } from './binding.js';
import { PoolExhaustedError } from './blocks.js';
import { createRuntime, getRuntime } from './runtime.js';
import { SessionError } from './evaluate.js';
import { ksentinel, ramp, renderFrames, sentinel } from './test-support.js';

const mono = (opts: { helperPoolSize?: number; sampleRate?: number } = {}) => {
  const rt = createRuntime({ sampleRate: opts.sampleRate ?? 48000, channels: 1, helperPoolSize: opts.helperPoolSize ?? 4096 });
  rt.install({ ramp, sentinel });
  return rt;
};

describe('stable keys and state', () => {
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the test's name quotes the key's pattern
  it('keys helper blocks ${signal}_${helper}_${n}, counting per signal', () => {
    const rt = mono();
    rt.evaluate(`register('a', ramp(1));`);
    rt.evaluate(`register('a', ramp(1)); register('b', pipe(ramp(2), x => { const r = ramp(3); return s => x(s) + r(s); }))`, { mode: 'snippet' });
    const keys = rt
      .liveBlocks()
      .map((b) => b.key)
      .sort();
    expect(keys).toEqual(['a_ramp_0', 'b_ramp_0', 'b_ramp_1']);
    // 1 state slot + the header (stamp and output ring), one channel, back to back.
    expect(rt.liveBlocks().map((b) => [b.key, b.at, b.size])).toContainEqual(['a_ramp_0', 0, 1 + HEADER]);
  });

  it('keeps helper state and s.state across re-registration', () => {
    const rt = mono();
    rt.register(
      'x',
      ((r) => (s) => {
        s.state[0]! += 1;
        return r(s);
      })(ramp(30)),
    );
    renderFrames(rt, 480);
    const block = rt.liveBlocks()[0]!;
    const phase = rt.debug().helperPool.memory[block.at + HEADER];
    expect(phase).toBeCloseTo((480 * 30) / 48000, 12);
    const r2 = ramp(30);
    let seen = -1;
    rt.register('x', (s) => {
      seen = s.state[0]!;
      return r2(s);
    });
    expect(rt.liveBlocks()[0]!.at).toBe(block.at);
    const out = renderFrames(rt, 1);
    expect(seen).toBe(480);
    expect(out[0]).toBeCloseTo(phase!, 6);
  });

  it('keeps the clock exact at 44.1 kHz: t = frame / sr', () => {
    const rt = mono({ sampleRate: 44100 });
    const ts: number[] = [];
    rt.register('clock', (s) => {
      if (s.frame % 44100 === 0) ts.push(s.t);
      return 0;
    });
    for (let i = 0; i < 100; i++) renderFrames(rt, 44100, 441);
    expect(ts).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });
});

describe('helper memory lifecycle', () => {
  const session = `
    register('pad', pipe(ramp(2), x => { const a = ramp(3), b = ramp(5); return s => x(s) + a(s) + b(s); }));
    register('lead', ramp(7));
  `;

  it('does not grow over 10,000 re-evaluations of the same session', () => {
    const rt = mono();
    rt.evaluate(session);
    const first = rt.stats();
    for (let i = 0; i < 10_000; i++) rt.evaluate(session);
    expect(rt.stats()).toEqual(first);
    expect(first.helperSlotsUsed).toBe(4 * (1 + HEADER));
    expect(first.helperBlocks).toBe(4);
    // Every handle of the 10,000 earlier instances is unbound: none is kept by the runtime.
    expect(rt.debug().registry.boundClaimants()).toHaveLength(4);
  }, 120_000); // a count, not a timing: ~4 s alone (each reload compiles the user function's loop afresh), several times that on a loaded machine

  it('frees the block of a helper deleted from the code, without unregister', () => {
    const rt = mono();
    rt.evaluate(session);
    rt.evaluate(`register('pad', pipe(ramp(2), x => { const a = ramp(3); return s => x(s) + a(s); })); register('lead', ramp(7));`);
    expect(
      rt
        .liveBlocks()
        .map((b) => b.key)
        .sort(),
    ).toEqual(['lead_ramp_0', 'pad_ramp_0', 'pad_ramp_1']);
    expect(rt.stats().helperSlotsUsed).toBe(3 * (1 + HEADER));
  });

  it('re-places a block whose size changed and frees the old one', () => {
    const rt = mono();
    rt.evaluate(`register('d', sentinel(10)); register('e', sentinel(4));`);
    const before = rt.liveBlocks().find((b) => b.key === 'd_sentinel_0')!;
    renderFrames(rt, 64);
    rt.evaluate(`register('d', sentinel(20)); register('e', sentinel(4));`);
    const after = rt.liveBlocks().find((b) => b.key === 'd_sentinel_0')!;
    expect(after.size).toBe(20 + HEADER);
    expect(after.at).not.toBe(before.at);
    renderFrames(rt, 64);
    expect(rt.drainErrors()).toEqual([]);
    expect(rt.stats().helperSlotsUsed).toBe(20 + HEADER + 4 + HEADER);
  });

  it("returns an unregistered signal's blocks for reuse once its fade ends", () => {
    // Compiled signals (kernels only): each reaches exactly its own helpers.
    const rt = mono();
    rt.register('a', ksentinel(30));
    rt.register('b', ksentinel(10));
    const aAt = rt.liveBlocks().find((b) => b.key === 'a_ksentinel_0')!.at;
    renderFrames(rt, 16);
    rt.unregister('a');
    expect(rt.stats().helperSlotsUsed).toBe(30 + 10 + 2 * HEADER); // still fading out
    renderFrames(rt, 48000 * 0.005 + 2);
    expect(rt.list()).toEqual(['b']);
    expect(rt.stats()).toMatchObject({ signals: 1, helperSlotsUsed: 10 + HEADER, helperBlocks: 1, signalSlotsUsed: 64 });
    rt.register('c', ksentinel(20));
    expect(rt.liveBlocks().find((b) => b.key === 'c_ksentinel_0')!.at).toBe(aAt);
    renderFrames(rt, 16);
    expect(rt.drainErrors()).toEqual([]);
  });

  it('keeps what a function registered directly might call until it is gone too', () => {
    // 'b' calls functions of its own: the runtime cannot see whether it calls 'a''s
    // helper (the host's variables may hold it), so the helper stays while 'b' plays.
    const rt = mono();
    rt.register('a', sentinel(30));
    rt.register('b', sentinel(10));
    rt.unregister('a');
    renderFrames(rt, 48000 * 0.005 + 2);
    expect(rt.list()).toEqual(['b']);
    expect(
      rt
        .liveBlocks()
        .map((b) => b.key)
        .sort(),
    ).toEqual(['a_sentinel_0', 'b_sentinel_0']);
    rt.stop('b', 0);
    expect(rt.stats()).toMatchObject({ signals: 0, helperSlotsUsed: 0, helperBlocks: 0 });
  });

  it('refuses a claim that does not fit, naming signal, helper and sizes, and changes nothing', () => {
    const rt = mono({ helperPoolSize: 400 });
    rt.register('small', ramp(440));
    const reference = mono({ helperPoolSize: 400 });
    reference.register('small', ramp(440));
    renderFrames(rt, 100);
    renderFrames(reference, 100);
    const stats = rt.stats();
    let error: unknown;
    try {
      rt.register('big', sentinel(200));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PoolExhaustedError);
    expect((error as Error).message).toBe(
      `Helper memory exhausted registering 'big': sentinel (key big_sentinel_0) needs ${200 + HEADER} slots, the largest free block is ${400 - 1 - HEADER} of 400. ` +
        'Nothing was changed; the previous code keeps playing. Raise helperPoolSize or stop some signals. ' +
        `It needs a pool of at least ${400 + 200 + HEADER - (400 - 1 - HEADER)} slots; the pool grows to at most 400 slots (maxHelperPoolSize).`,
    );
    expect(rt.stats()).toEqual(stats);
    expect(rt.list()).toEqual(['small']);
    expect(renderFrames(rt, 500)).toEqual(renderFrames(reference, 500));
  });

  it('rolls back a whole evaluation when a later claim does not fit', () => {
    const rt = mono({ helperPoolSize: 400 });
    rt.evaluate(`register('keep', ramp(440));`);
    const stats = rt.stats();
    const blocks = rt.liveBlocks().map((b) => ({ ...b }));
    const error = (() => {
      try {
        rt.evaluate(`register('keep', pipe(ramp(440), x => sentinel(50)));\nregister('more', sentinel(60));`);
      } catch (e) {
        return e as SessionError;
      }
    })();
    expect(error).toBeInstanceOf(SessionError);
    expect(error!.line).toBe(2);
    expect(error!.message).toMatch(new RegExp(`line 2.*'more': sentinel \\(key more_sentinel_0\\) needs ${60 + HEADER} slots`));
    expect(rt.stats()).toEqual(stats);
    expect(rt.liveBlocks().map((b) => ({ ...b }))).toEqual(blocks);
    expect(rt.list()).toEqual(['keep']);
  });

  it('refuses more signals than maxSignals, clearly', () => {
    const rt = createRuntime({ sampleRate: 48000, channels: 1, maxSignals: 2 });
    rt.register('a', () => 0);
    rt.register('b', () => 0);
    expect(() => rt.register('c', () => 0)).toThrow("Cannot register 'c': all 2 signal slots are in use (maxSignals). Nothing was changed.");
  });
});

describe('what the registry refuses, in its own words', () => {
  it('a register, play or evaluate inside an evaluation', () => {
    const rt = mono();
    (globalThis as { __aitherRt?: unknown }).__aitherRt = rt;
    try {
      expect(() => rt.evaluate(`__aitherRt.register('x', s => 0);`)).toThrow(
        'Session error at line 1, column 12: Error: A transaction is already open: register, play and evaluate cannot be nested. Nothing was changed.',
      );
    } finally {
      delete (globalThis as { __aitherRt?: unknown }).__aitherRt;
    }
    expect(rt.list()).toEqual([]);
  });

  it('a helper bound to another runtime', () => {
    const rt = mono();
    const other = mono();
    const r = ramp(2);
    rt.register('a', r);
    expect(() => other.register('a', r)).toThrow(
      "register('a'): its ramp is bound to another runtime. A helper keeps its state in one runtime's memory: " +
        'build the signal again (new helper instances) for this runtime. Nothing was changed.',
    );
  });

  it('a signal name that is no string, a BigInt included (written as a number, not serialised)', () => {
    expect(() => mono().evaluate(`stop(1n);`)).toThrow(
      'Session error at line 1, column 1: TypeError: stop(1): the argument must be a signal name (a string). Nothing was changed.',
    );
  });
});

describe('solo and stop', () => {
  const three = () => {
    const rt = createRuntime({ sampleRate: 48000, channels: 1 });
    rt.play('a', () => 0.5, 0);
    rt.play('b', () => 0.25, 0);
    rt.play('c', () => 0.125, 0);
    renderFrames(rt, 1); // at full gain (a signal stopped at gain 0 is gone at once)
    return rt;
  };

  it('stopping a signal that is not soloed keeps the solo', () => {
    const rt = three();
    rt.solo('a', 0);
    rt.stop('b', 0);
    expect(renderFrames(rt, 1)[0]).toBe(0.5);
    expect(rt.list()).toEqual(['a', 'c']);
  });

  it('a solo leaves out a signal its session stopped before: when the rest of the solo stops, every other signal plays again', () => {
    const rt = three();
    rt.evaluate(`stop('a', 1); solo(['a', 'b'], 0.5);`, { mode: 'snippet' }); // a keeps fading, over half a second now
    const registry = rt.debug().registry;
    expect(registry.soloedNames()).toEqual(['b']);
    renderFrames(rt, 100);
    rt.stop('b', 0);
    expect(registry.soloedNames()).toEqual([]);
    expect(rt.list()).toEqual(['c']);
  });
});

describe('helpers shared between signals', () => {
  const session = `
    const hiss = ramp(0.37);
    play('kick', s => hiss(s) * 0.5);
    play('hats', pipe(ramp(1.3), x => s => x(s) * 0.25 + hiss(s) * 0.25));
  `;
  const hatsOnly = `
    const hiss = ramp(0.37);
    play('hats', pipe(ramp(1.3), x => s => x(s) * 0.25 + hiss(s) * 0.25));
  `;

  it('keeps a shared helper alive, untouched, while any signal still uses it', () => {
    const rt = mono();
    rt.evaluate(session);
    rt.mute('kick', 0);
    const alone = mono();
    alone.evaluate(hatsOnly);
    const hissBlock = rt.liveBlocks().find((b) => b.key === 'kick_ramp_0')!;
    expect(hissBlock).toBeDefined();

    const part1 = renderFrames(rt, 4800);
    rt.stop('kick', 0);
    // A newcomer claims memory; it must not be placed over hiss.
    rt.register('newcomer', sentinel(500));
    rt.mute('newcomer', 0);
    const part2 = renderFrames(rt, 4800);

    expect(rt.list()).toEqual(['hats', 'newcomer']);
    expect(rt.liveBlocks().find((b) => b.key === 'kick_ramp_0')).toEqual(hissBlock);
    const newcomer = rt.liveBlocks().find((b) => b.key === 'newcomer_sentinel_0')!;
    expect(newcomer.at >= hissBlock.at + hissBlock.size || newcomer.at + newcomer.size <= hissBlock.at).toBe(true);
    expect(rt.drainErrors()).toEqual([]);
    // hats sounds exactly as it does when it is alone, before and after kick stops.
    const reference = renderFrames(alone, 9600);
    expect(part1).toEqual(reference.subarray(0, 4800));
    expect(part2).toEqual(reference.subarray(4800));
  });

  it('computes a shared helper once per frame, however many signals call it', () => {
    const rt = mono();
    rt.evaluate(`const lfo = ramp(100); play('a', lfo); play('b', s => lfo(s) + lfo(s));`);
    const out = renderFrames(rt, 10);
    // frame n: lfo = n/480 for every caller: a + 2·b = 3·n/480 (after the fade-in, gains are < 1 here)
    const one = mono();
    one.evaluate(`play('a', ramp(100));`);
    const ref = renderFrames(one, 10);
    for (let i = 0; i < 10; i++) expect(out[i]).toBeCloseTo(3 * ref[i]!, 6);
  });

  it('frees everything the session used once all its signals are gone', () => {
    const rt = mono();
    rt.evaluate(session);
    rt.clear(0);
    expect(rt.stats()).toMatchObject({ signals: 0, helperSlotsUsed: 0, helperBlocks: 0, signalSlotsUsed: 0 });
  });
});

describe('getRuntime', () => {
  it('returns the one runtime kept on globalThis', () => {
    const a = getRuntime({ sampleRate: 44100, channels: 2 });
    const b = getRuntime();
    expect(b).toBe(a);
    expect((globalThis as Record<symbol, unknown>)[Symbol.for('aither.runtime')]).toBe(a);
    expect(() => getRuntime({ sampleRate: 48000 })).toThrow(/already exists/);
  });
});

describe('surviving a module reload', () => {
  it('a re-executed copy of the core finds the same runtime, signals and helper state', async () => {
    const { vi } = await import('vitest');
    vi.resetModules();
    const first = await import('./index.js');
    const rt = first.getRuntime();
    rt.install({ ramp });
    rt.evaluate(`play('survivor', ramp(25), 0);`, { mode: 'snippet' });
    const out = new Float32Array(rt.channels * 100);
    rt.render(out, 100);
    const block = rt.liveBlocks().find((b) => b.key === 'survivor_ramp_0')!;
    const phase = rt.debug().helperPool.memory[block.at + HEADER];

    vi.resetModules(); // what a bundler's hot reload does: the module runs again
    const second = await import('./index.js');
    expect(second).not.toBe(first);
    const again = second.getRuntime();
    expect(again).toBe(rt);
    // Re-evaluating the session binds the new helper instance to the same block: the ramp goes on.
    again.evaluate(`play('survivor', ramp(25), 0);`, { mode: 'snippet' });
    expect(again.liveBlocks().find((b) => b.key === 'survivor_ramp_0')!.at).toBe(block.at);
    expect(again.debug().helperPool.memory[block.at + HEADER]).toBe(phase);
    again.clear(0);
  });
});

describe('a helper shared by direct registers', () => {
  it('stays in place while a later signal may call it, and never shares memory with a newcomer', () => {
    const rt = mono();
    const shared = sentinel(8);
    rt.register('a', shared, { fadeSeconds: 0 });
    rt.register('b', (s) => shared(s), { fadeSeconds: 0 });
    renderFrames(rt, 16);
    const kept = rt.liveBlocks().find((b) => b.key === 'a_sentinel_0')!;
    rt.stop('a', 0);
    rt.register('newcomer', ramp(100), { fadeSeconds: 0 });
    const newcomer = rt.liveBlocks().find((b) => b.key === 'newcomer_ramp_0')!;
    expect(rt.liveBlocks().find((b) => b.key === 'a_sentinel_0')).toEqual(kept);
    expect(newcomer.at >= kept.at + kept.size || newcomer.at + newcomer.size <= kept.at).toBe(true);
    renderFrames(rt, 48);
    // The newcomer's phase is exactly its own: 48 frames at 100 Hz; the sentinel found its slots intact.
    expect(rt.debug().helperPool.memory[newcomer.at + HEADER]).toBeCloseTo((48 * 100) / 48000, 12);
    expect(rt.drainErrors()).toEqual([]);
  });
});
