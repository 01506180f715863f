// Ownership and transactions, defect by defect: one `describe` per way the
// rule "a helper's memory lives exactly as long as a live signal can reach it,
// in one place" or "an evaluation commits whole or not at all" was once broken
// (docs/ownership.md). Item 9 guards behaviour that mutation testing showed no
// test asserted.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { claimStateBlock, HEADER, onBind } from './binding.js';
import { PoolExhaustedError } from './blocks.js';
import { SessionError } from './evaluate.js';
import { HelperPool } from './helper-pool.js';
import { kernel, nodeOf } from './kernel.js';
import { pipe } from './pipe.js';
import { createRuntime, type Runtime } from './runtime.js';
import { kadd, kmul, knan, kramp, ramp, renderFrames, sentinel } from './test-support.js';
import type { Param, Signal } from './types.js';

const SR = 48000;
const FADE = SR * 0.005; // the default fade, in frames

/** A one-pole lowpass as a kernel: its state turns NaN for good once its input is NaN. */
const klp = (x: Param, k: Param = 0.1): Signal =>
  kernel('klp', 1, [x, k], (m, o, s, v, c) => {
    const y = m[o]! + c * (v - m[o]!);
    m[o] = y;
    return y;
  });

/** A kernel of `n` slots that counts frames in its first slot (output 0). */
const kcount = (n: number): Signal =>
  kernel('kcount', n, [], (m, o) => {
    m[o] = m[o]! + 1;
    return 0;
  });

/**
 * A raw onBind helper: `blocks` blocks of one slot and no init, each adding 1 per frame
 * (NaN from frame `nanAt` on); it returns the first one's count before the frame.
 */
function rawCount(blocks = 1, nanAt = Infinity): Signal {
  let mem: Float64Array = new Float64Array(blocks);
  const at: number[] = [];
  onBind('rawcount', (s) => {
    mem = s.memory;
    for (let k = 0; k < blocks; k++) at[k] = claimStateBlock(s, 'rawcount', 1);
  });
  return (s) => {
    const before = mem[at[0]!]!;
    for (const o of at) mem[o] = s.frame >= nanAt ? NaN : mem[o]! + 1;
    return before;
  };
}

const mono = (helperPoolSize = 4096) => {
  const rt = createRuntime({ sampleRate: SR, channels: 1, helperPoolSize });
  rt.install({ ramp, sentinel, kramp, kmul, kadd, knan, klp, kcount });
  return rt;
};

/** The thrown value of `fn` (fails the test when nothing is thrown). */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

/** The helper handle of a kernel signal. */
const handleOf = (fn: Signal) => nodeOf(fn)!.state!;

/** Sample by sample, bit for bit (as `toEqual` compares numbers), reporting only the first difference. */
function expectSame(actual: Float32Array, expected: Float32Array): void {
  expect(actual.length).toBe(expected.length);
  let i = 0;
  while (i < actual.length && Object.is(actual[i], expected[i])) i++;
  let max = 0;
  for (let k = i; k < actual.length; k++) max = Math.max(max, Math.abs(actual[k]! - expected[k]!));
  const verdict = i === actual.length ? 'bit-identical' : `first difference at sample ${i} of ${actual.length}: ${actual[i]} vs ${expected[i]} (max |diff| ${max})`;
  expect(verdict).toBe('bit-identical');
}

/** The largest magnitude in `x`: a muted signal renders 0 here, a NaN one too (the mixer mutes it). */
function peak(x: Float32Array): number {
  let max = 0;
  for (const v of x) max = Math.max(max, Math.abs(v));
  return max;
}

/** A short, exact digest of some numbers (their Float64 bits), so that a failing comparison prints little. */
function digest(values: ArrayLike<number>): string {
  const bits = new Uint32Array(Float64Array.from(values).buffer);
  let h = 0x811c9dc5;
  for (const w of bits) h = Math.imul(h ^ w, 0x01000193) >>> 0;
  return `${values.length} values, first ${Array.from(values).slice(0, 3).join(' ')}, fnv ${h.toString(16)}`;
}

/** Helper blocks (key, offset, size, contents) and `s.state` of the signals `names`. */
function signalMemory(rt: Runtime, names: string[]) {
  const mem = rt.debug().helperPool.memory;
  const blocks = rt
    .liveBlocks()
    // Copies kept for older helpers that fading code may still call are not the signals' memory.
    .filter((b) => names.some((n) => b.key.startsWith(`${n}_`)) && !b.key.endsWith('~retired'))
    .map((b) => ({ key: b.key, at: b.at, size: b.size, data: digest(mem.subarray(b.at, b.at + b.size)) }))
    .sort((p, q) => (p.key < q.key ? -1 : 1));
  const state = Object.fromEntries(names.map((n) => [n, digest(rt.debug().registry.records.get(n)?.state ?? [])]));
  return { blocks, state };
}

/** Everything observable of a runtime: list, stats, live blocks with contents, every `s.state`. */
function snapshot(rt: Runtime) {
  return { list: rt.list(), stats: rt.stats(), ...signalMemory(rt, [...rt.debug().registry.records.keys()]) };
}

// Two witnesses (as in the fuzzer): one compiled, one a user function using `s.state`.
const KPAD = `pipe(kramp(30), v => kmul(klp(v), 0.4))`;
const PAD = `pipe(ramp(20), x => { const y = ramp(7); return s => { s.state[0] += 1; return 0.3 * x(s) + 0.2 * y(s); }; })`;
const WITNESSES = `play('pad', ${PAD}, 0);\nplay('kpad', ${KPAD}, 0);`;

describe("1. stop() / clear() inside a session do not strip memory from the session's signals", () => {
  // A scrap signal that is silent whether it plays or not.
  const SKETCH = `play('sketch', pipe(ramp(3), x => s => 0 * x(s)));`;

  /**
   * rt: session 1, then `verbs` + the same witnesses; ref: session 1, then the
   * witnesses alone (after `prepare`). The witnesses must be bit-identical.
   */
  function check(verbs: string, prepare: (ref: Runtime) => void = () => {}) {
    const rt = mono();
    const ref = mono();
    for (const r of [rt, ref]) r.evaluate(`play('old', s => 0.1);\n${WITNESSES}`);
    expectSame(renderFrames(rt, 700), renderFrames(ref, 700));
    rt.evaluate(`${verbs}\n${WITNESSES}`);
    prepare(ref);
    ref.evaluate(WITNESSES);
    // Helper state and s.state of the unchanged signals, then their sound.
    expect(signalMemory(rt, ['pad', 'kpad'])).toEqual(signalMemory(ref, ['pad', 'kpad']));
    expectSame(renderFrames(rt, 2000), renderFrames(ref, 2000));
    expect(signalMemory(rt, ['pad', 'kpad'])).toEqual(signalMemory(ref, ['pad', 'kpad']));
    expect(rt.drainErrors()).toEqual([]);
  }

  it("play('sketch'); stop('sketch', 0); stop('old'); play('pad') keeps pad's memory", () => {
    check(`${SKETCH}\nstop('sketch', 0);\nstop('old');`);
  });

  it("play('sketch'); stop('sketch'); stop('old') (default fades) keeps the witnesses' memory", () => {
    check(`${SKETCH}\nstop('sketch');\nstop('old');`);
  });

  it('clear(0) in the middle of a session keeps the memory of the signals registered after it', () => {
    // ref: 'old' silenced at once, as clear(0) does.
    check(`${SKETCH}\nclear(0);`, (ref) => ref.stop('old', 0));
  });

  it("clear() (default fade) followed by another stop keeps the witnesses' memory", () => {
    check(`${SKETCH}\nclear();\nstop('old');`);
  });
});

describe('2. a verb on a missing name never half-commits', () => {
  const A = `pipe(kramp(30), v => kmul(klp(v), 0.4))`;
  const B = `pipe(ramp(20), x => s => { s.state[0] += 1; return 0.3 * x(s); })`;
  const first = `play('a', ${A}, 0);\nplay('b', ${B}, 0);`;
  // Changes 'a', adds 'c', then the bad verb (line 3), then adds 'd': a half-commit would show.
  const failing = (verb: string) => `play('a', pipe(kramp(9), v => kmul(v, 0.2)), 0);\nplay('c', ramp(4), 0);\n  ${verb};\nplay('d', ramp(1), 0);`;

  function pair() {
    const rt = mono();
    const ref = mono();
    for (const r of [rt, ref]) r.evaluate(first);
    renderFrames(rt, 300);
    renderFrames(ref, 300);
    return { rt, ref };
  }

  /** The evaluation throws a SessionError at line 3, column 3, mentioning `text`, and nothing changed. */
  function rejects(verb: string, text: string) {
    const { rt, ref } = pair();
    const e = thrown(() => rt.evaluate(failing(verb)));
    expect(e).toBeInstanceOf(SessionError);
    expect((e as Error).message).toContain(text);
    expect([(e as SessionError).line, (e as SessionError).column]).toEqual([3, 3]);
    expect(snapshot(rt)).toEqual(snapshot(ref));
    expectSame(renderFrames(rt, 2000), renderFrames(ref, 2000));
    expect(snapshot(rt)).toEqual(snapshot(ref));
    return { rt, ref };
  }

  it("mute('bas') in a session: SessionError at the verb's line and column, nothing changed", () => {
    // The direct API still throws a plain Error, and changes nothing either.
    {
      const { rt, ref } = pair();
      expect(() => rt.mute('missing')).toThrow(Error);
      expect(snapshot(rt)).toEqual(snapshot(ref));
    }
    const { rt } = rejects(`mute('bas', 0)`, "no signal named 'bas'");
    // A name registered earlier in the same session, or fading, is fine.
    rt.stop('b');
    expect(() => rt.evaluate(`play('a', ${A}, 0);\nplay('n', s => 0);\nmute('n', 0);\nmute('b', 0);`)).not.toThrow();
  });

  it("unmute('typo') in a session: SessionError, nothing changed", () => {
    rejects(`unmute('typo', 0)`, "no signal named 'typo'");
  });

  it('solo(42) in a session: SessionError (must be a signal name), nothing changed', () => {
    rejects(`solo(42, 0)`, 'must be a signal name');
  });

  it("solo(['a', 'bas']) in a session: SessionError naming 'bas', nothing changed", () => {
    rejects(`solo(['a', 'bas'], 0)`, "no signal named 'bas'");
  });

  it("stop('typo') / unregister('typo2') in a session are harmless, reported in result.warnings", () => {
    const { rt, ref } = pair();
    const result = rt.evaluate(`${first}\nstop('typo');\nunregister('typo2');`) as unknown as { warnings?: string[] };
    ref.evaluate(first);
    expect(result.warnings).toEqual(expect.arrayContaining([expect.stringContaining('typo'), expect.stringContaining('typo2')]));
    expect(snapshot(rt)).toEqual(snapshot(ref));
    expectSame(renderFrames(rt, 1000), renderFrames(ref, 1000));
  });
});

describe('3. re-registering a signal muted for a fault starts it clean', () => {
  it('a compiled chain whose filter state became NaN plays again after re-evaluation with a correct modulator', () => {
    const rt = mono();
    const ref = mono();
    rt.evaluate(`play('f', klp(kadd(kramp(100), knan(300))), 0);`);
    renderFrames(rt, 600);
    const faults = rt.drainErrors();
    expect(faults.map((f) => [f.signal, f.kind])).toEqual([['f', 'non-finite']]);
    renderFrames(ref, 600);
    const fixed = `play('f', klp(kramp(100)), 0);`;
    rt.evaluate(fixed);
    ref.evaluate(fixed); // a fresh signal, at the same frame
    const out = renderFrames(rt, 1000);
    expect(rt.drainErrors()).toEqual([]);
    expect(peak(out)).toBeCloseTo(0.98125, 5); // the lowpassed 100 Hz ramp just before a wrap
    expectSame(out, renderFrames(ref, 1000));
    expect(faults[0]!.message).toContain('evaluate again');
  });

  it('a user function re-registered with a constant plays again; its s.state is zeroed', () => {
    const rt = mono();
    const ref = mono();
    const f1 = klp(kadd(kramp(100), knan(50)));
    rt.register(
      'g',
      (s) => {
        s.state[0]! += 1;
        return f1(s);
      },
      { fadeSeconds: 0 },
    );
    renderFrames(rt, 200);
    expect(rt.drainErrors().map((f) => f.kind)).toEqual(['non-finite']);
    renderFrames(ref, 200);
    const fixed = (): Signal => {
      const f2 = klp(0.5);
      return (s) => {
        s.state[0]! += 1;
        return f2(s);
      };
    };
    rt.register('g', fixed(), { fadeSeconds: 0 });
    ref.register('g', fixed(), { fadeSeconds: 0 });
    const out = renderFrames(rt, 1000);
    expect(rt.drainErrors()).toEqual([]);
    expect(peak(out)).toBeCloseTo(0.5, 6); // the lowpass settled on its constant
    expectSame(out, renderFrames(ref, 1000));
    expect(signalMemory(rt, ['g']).state).toEqual(signalMemory(ref, ['g']).state);
  });

  it("its own blocks start as new: a kernel's init runs again, a raw hook's block (no init) is zeroed, and neither is reset again at a later commit", () => {
    const rt = mono();
    const make = (nanAt: number): Signal => {
      const c = kernel(
        'kinit',
        1,
        [],
        (m, o) => {
          m[o] = m[o]! + 1;
          return m[o]! / 100;
        },
        (m, o) => {
          m[o] = 10;
        },
      );
      const r = rawCount(1, nanAt);
      return (s) => c(s) + r(s) / 1000;
    };
    rt.register('f', make(5), { fadeSeconds: 0 });
    renderFrames(rt, 16);
    expect(rt.drainErrors().map((f) => [f.signal, f.kind])).toEqual([['f', 'non-finite']]);
    rt.register('f', make(Infinity), { fadeSeconds: 0 });
    expect(Array.from(renderFrames(rt, 3))).toEqual([0.11, 0.121, 0.132].map(Math.fround));
    rt.register('other', () => 0, { fadeSeconds: 0 });
    expect(renderFrames(rt, 1)[0]).toBe(Math.fround(0.143));
  });

  it('a finite helper another signal keeps is not reset, even when the block right after it holds the NaN', () => {
    const rt = mono();
    const h = ramp(3);
    rt.register('keep', h, { fadeSeconds: 0 });
    const bad = rawCount(1, 10);
    rt.register('f', (s) => 0 * h(s) + bad(s), { fadeSeconds: 0 });
    const kept = rt.liveBlocks().find((b) => b.key === 'keep_ramp_0')!;
    expect(rt.liveBlocks().find((b) => b.key === 'f_rawcount_0')!.at).toBe(kept.at + kept.size);
    renderFrames(rt, 64);
    expect(rt.drainErrors().map((f) => f.signal)).toEqual(['f']);
    const fixed = rawCount();
    rt.register('f', (s) => 0 * h(s) + fixed(s), { fadeSeconds: 0 });
    rt.register('other', () => 0, { fadeSeconds: 0 });
    // The ramp ran on through all 64 frames, for 'keep'.
    expect(rt.debug().helperPool.memory[kept.at + HEADER]).toBeCloseTo((3 * 64) / SR, 12);
  });
});

describe('4. fault listeners never run inside the render loop', () => {
  /** rt: 'gone' (stopped, not yet reaped), 'bad' (faults at frame 0), then the witnesses; ref: the witnesses. */
  function setup() {
    const rt = mono();
    const ref = mono();
    rt.register('gone', () => 0, { fadeSeconds: 0 });
    rt.register('bad', knan(0), { fadeSeconds: 0 });
    for (const r of [rt, ref]) {
      r.register(
        'wk',
        pipe(kramp(30), (v) => kmul(klp(v), 0.4)),
        { fadeSeconds: 0 },
      );
      r.register(
        'wu',
        pipe(ramp(20), (x) => (s) => 0.3 * x(s)),
        { fadeSeconds: 0 },
      );
    }
    rt.stop('gone', 0); // finished; freed at the next control call
    return { rt, ref };
  }

  it('a listener calling stats() and list() is called after render() and changes no other signal', () => {
    const { rt, ref } = setup();
    const at: number[] = [];
    rt.onError(() => {
      at.push(rt.frame);
      rt.stats();
      rt.list();
    });
    expectSame(renderFrames(rt, 512, 512), renderFrames(ref, 512, 512));
    expectSame(renderFrames(rt, 2000), renderFrames(ref, 2000));
    expect(at).toEqual([512]); // after the render's frames, not inside its first chunk
  });

  it('a listener calling stop(), register() and evaluate() changes no other signal', () => {
    const { rt, ref } = setup();
    let calls = 0;
    rt.onError(() => {
      calls++;
      rt.stop('bad');
      rt.register('quiet', () => 0);
      rt.evaluate(`play('quiet2', s => 0);`, { mode: 'snippet' });
    });
    expectSame(renderFrames(rt, 512, 512), renderFrames(ref, 512, 512));
    expectSame(renderFrames(rt, 2000), renderFrames(ref, 2000));
    expect(calls).toBe(1);
    expect(rt.list()).toEqual(['wk', 'wu', 'quiet', 'quiet2']);
  });

  it('a control call from inside a signal function throws "while rendering": that signal faults, the others play on', () => {
    const { rt, ref } = setup();
    rt.register(
      'meddler',
      (s) => {
        if (s.frame === 10) rt.stop('wk', 0);
        return 0;
      },
      { fadeSeconds: 0 },
    );
    const out = renderFrames(rt, 1000);
    const faults = rt.drainErrors().filter((f) => f.signal === 'meddler');
    expect(faults).toHaveLength(1);
    expect(faults[0]!.kind).toBe('threw');
    expect(faults[0]!.message).toContain('while rendering');
    expect((faults[0]!.error as Error).message).toContain('while rendering');
    expectSame(out, renderFrames(ref, 1000));
  });
});

describe('5. a helper lives as long as some live signal can reach it, in one place', () => {
  const bound = (rt: Runtime, fn: Signal) => handleOf(fn).memory === rt.debug().helperPool.memory;
  const blockOf = (rt: Runtime, key: string) => rt.liveBlocks().find((b) => b.key === key);

  it("built before register('a'), also used by register('b', s => h(s)): stays bound when 'a' stops (two such never share memory)", () => {
    const rt = mono();
    const ref = mono();
    const h1 = kramp(100);
    rt.register('a1', kmul(h1, 0.25), { fadeSeconds: 0 });
    const h2 = kramp(37);
    rt.register('a2', kmul(h2, 0.25), { fadeSeconds: 0 });
    rt.register('b', (s) => 0.25 * h1(s) + 0.25 * h2(s), { fadeSeconds: 0 });
    const g1 = kramp(100);
    const g2 = kramp(37);
    ref.register('b', (s) => 0.25 * g1(s) + 0.25 * g2(s), { fadeSeconds: 0 });
    renderFrames(rt, 300);
    renderFrames(ref, 300);
    const b1 = { ...blockOf(rt, 'a1_kramp_0')! };
    const b2 = { ...blockOf(rt, 'a2_kramp_0')! };
    rt.stop('a1', 0);
    rt.stop('a2', 0);
    const out = renderFrames(rt, 2000);
    expect(bound(rt, h1), 'h1 bound to the helper pool').toBe(true);
    expect(bound(rt, h2), 'h2 bound to the helper pool').toBe(true);
    expect(blockOf(rt, 'a1_kramp_0')).toMatchObject({ at: b1.at, size: b1.size });
    expect(blockOf(rt, 'a2_kramp_0')).toMatchObject({ at: b2.at, size: b2.size });
    expect(handleOf(h1).at).not.toBe(handleOf(h2).at);
    expectSame(out, renderFrames(ref, 2000));
  });

  it('kept on globalThis across evaluations: stays bound when its first signal is dropped', () => {
    const g = globalThis as Record<string, unknown>;
    try {
      const rt = mono();
      const ref = mono();
      rt.evaluate(`globalThis.lfo ??= kramp(3);\nplay('a', kmul(lfo, 0.5), 0);`);
      const lfo2 = kramp(3);
      ref.register('a', kmul(lfo2, 0.5), { fadeSeconds: 0 });
      renderFrames(rt, 300);
      renderFrames(ref, 300);
      const block = { ...blockOf(rt, 'a_kramp_0')! };
      // Session mode: 'a' is dropped (default fade), 'b' reads the same lfo.
      rt.evaluate(`globalThis.lfo ??= kramp(3);\nplay('b', s => 0.5 * lfo(s), 0);`);
      ref.register('b', (s) => 0.5 * lfo2(s), { fadeSeconds: 0 });
      ref.mute('a'); // the same fade as a removal; it keeps running, silent
      const out = renderFrames(rt, 2000);
      expect(rt.list()).toEqual(['b']);
      expect(bound(rt, g.lfo as Signal), 'lfo bound to the helper pool').toBe(true);
      expect(blockOf(rt, 'a_kramp_0')).toMatchObject({ at: block.at, size: block.size });
      expectSame(out, renderFrames(ref, 2000));
    } finally {
      delete g.lfo;
    }
  });

  it("register('a', pipe(lfo, ...)) then register('a', pipe(lfo, x => newKernel)): lfo keeps its block and phase", () => {
    const rt = mono();
    const ref = mono();
    const lfo = kramp(5);
    rt.register(
      'a',
      pipe(lfo, (v) => kmul(v, 0.5)),
      { fadeSeconds: 0 },
    );
    // ref: the new kernel built (and bound) up front.
    const lfo2 = kramp(5);
    const next2 = klp(lfo2);
    ref.register(
      'a',
      pipe(lfo2, (v) => kmul(v, 0.5)),
      { fadeSeconds: 0 },
    );
    renderFrames(rt, 300);
    renderFrames(ref, 300);
    const block = { ...blockOf(rt, 'a_kramp_0')! };
    rt.register(
      'a',
      pipe(lfo, (v) => klp(v)),
    );
    ref.register('a', next2);
    const out = renderFrames(rt, 2000);
    expect(bound(rt, lfo), 'lfo bound to the helper pool').toBe(true);
    expect(blockOf(rt, 'a_kramp_0')).toMatchObject({ at: block.at, size: block.size });
    expectSame(out, renderFrames(ref, 2000));
    const phase = (r: Runtime) => r.debug().helperPool.memory[blockOf(r, 'a_kramp_0')!.at + HEADER];
    expect(phase(rt)).toBe(phase(ref));
  });

  it('built, then an unrelated evaluate(), then registered directly: bound, plays', () => {
    const rt = mono();
    const ref = mono();
    const h = kramp(50);
    for (const r of [rt, ref]) r.evaluate(`play('other', s => 0, 0);`, { mode: 'snippet' });
    rt.register(
      'x',
      pipe(h, (v) => kmul(v, 0.5)),
      { fadeSeconds: 0 },
    );
    ref.register(
      'x',
      pipe(kramp(50), (v) => kmul(v, 0.5)),
      { fadeSeconds: 0 },
    );
    const out = renderFrames(rt, 1000);
    expect(rt.drainErrors()).toEqual([]);
    expect(peak(out)).toBeCloseTo(0.5 * (1 - 50 / SR), 4); // half the 50 Hz ramp, just before its wrap
    expect(bound(rt, h), 'h bound to the helper pool').toBe(true);
    expectSame(out, renderFrames(ref, 1000));
  });

  it('an instance installed into the scope (rt.install({ beat: kramp(2) })) is bound by the session using it', () => {
    const rt = mono();
    const ref = mono();
    const beat = kramp(2);
    rt.install({ beat });
    rt.evaluate(`play('x', pipe(beat, v => kmul(v, 0.5)), 0);`);
    ref.evaluate(`play('x', pipe(kramp(2), v => kmul(v, 0.5)), 0);`);
    const out = renderFrames(rt, 1000);
    expect(rt.drainErrors()).toEqual([]);
    expect(peak(out)).toBeCloseTo((0.5 * 2 * 999) / SR, 9); // half the 2 Hz ramp at frame 999
    expect(bound(rt, beat), 'beat bound to the helper pool').toBe(true);
    expectSame(out, renderFrames(ref, 1000));
  });

  it('a register refused for exhaustion, retried after memory was freed, plays correctly', () => {
    const rt = mono();
    const ref = mono();
    rt.register('big', sentinel(4096 - 100 - HEADER), { fadeSeconds: 0 }); // 100 slots left; a kramp needs 1 + HEADER
    renderFrames(rt, 100);
    renderFrames(ref, 100);
    const fn = pipe(kramp(3), (v) => kmul(v, 0.5));
    expect(thrown(() => rt.register('x', fn, { fadeSeconds: 0 }))).toBeInstanceOf(PoolExhaustedError);
    rt.stop('big', 0);
    rt.register('x', fn, { fadeSeconds: 0 }); // the same call
    ref.register(
      'x',
      pipe(kramp(3), (v) => kmul(v, 0.5)),
      { fadeSeconds: 0 },
    );
    const out = renderFrames(rt, 1000);
    expect(rt.drainErrors()).toEqual([]);
    expect(peak(out)).toBeCloseTo((0.5 * 3 * 999) / SR, 9); // half the 3 Hz ramp at frame 999
    expectSame(out, renderFrames(ref, 1000));
    expect(bound(rt, nodeOf(fn)!.inputs[0] as Signal)).toBe(true);
  });

  it('one signal registered on two runtimes: the second refuses it ("another runtime"), nothing changes', () => {
    const main = mono();
    const cue = mono();
    const ref = mono();
    const fn = pipe(kramp(3), (v) => kmul(v, 0.5));
    main.register('a', fn, { fadeSeconds: 0 });
    ref.register(
      'a',
      pipe(kramp(3), (v) => kmul(v, 0.5)),
      { fadeSeconds: 0 },
    );
    renderFrames(main, 100);
    renderFrames(ref, 100);
    const empty = snapshot(mono());
    const mainBefore = snapshot(main);
    const e = thrown(() => cue.register('a', fn, { fadeSeconds: 0 }));
    expect(e).toBeInstanceOf(Error);
    expect((e as Error).message).toContain('another runtime');
    expect(snapshot(cue)).toEqual(empty);
    expect(snapshot(main)).toEqual(mainBefore);
    const cueOut = renderFrames(cue, 1000);
    expectSame(renderFrames(main, 1000), renderFrames(ref, 1000));
    expect(cueOut.every((v) => v === 0)).toBe(true);
  });
});

describe('6. a verb called after its evaluation returned', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('setTimeout(() => play(...)) runs as its own transaction: the signal plays, nothing else stops, memory accounted and freed', () => {
    vi.useFakeTimers();
    const rt = mono();
    const ref = mono();
    rt.evaluate(`play('a', ${PAD}, 0);\nsetTimeout(() => play('late', pipe(kramp(2), v => kmul(v, 0.5)), 0), 10);`);
    ref.evaluate(`play('a', ${PAD}, 0);`);
    expectSame(renderFrames(rt, 256), renderFrames(ref, 256));
    vi.advanceTimersByTime(10);
    ref.evaluate(`play('late', pipe(kramp(2), v => kmul(v, 0.5)), 0);`, { mode: 'snippet' });
    expect(rt.list()).toEqual(['a', 'late']);
    expect(snapshot(rt)).toEqual(snapshot(ref));
    expectSame(renderFrames(rt, 1000), renderFrames(ref, 1000));
    rt.stop('late');
    ref.stop('late');
    expectSame(renderFrames(rt, FADE + 10), renderFrames(ref, FADE + 10));
    expect(snapshot(rt)).toEqual(snapshot(ref));
    expect(rt.liveBlocks().filter((b) => b.key.startsWith('late_'))).toEqual([]);
  });

  it('a late play that fails changes nothing and is reported as a fault of kind "rejected", not thrown into the timer', () => {
    vi.useFakeTimers();
    const rt = mono();
    const ref = mono();
    rt.evaluate(`play('a', ${PAD}, 0);\nsetTimeout(() => play('late', sentinel(5000), 0), 10);`);
    ref.evaluate(`play('a', ${PAD}, 0);`);
    const heard: unknown[] = [];
    rt.onError((f) => heard.push(f));
    renderFrames(rt, 256);
    renderFrames(ref, 256);
    let error: unknown;
    try {
      vi.advanceTimersByTime(10);
    } catch (e) {
      error = e;
    }
    expect(error).toBeUndefined();
    expect(snapshot(rt)).toEqual(snapshot(ref));
    expectSame(renderFrames(rt, 1000), renderFrames(ref, 1000));
    expect(heard).toEqual([expect.objectContaining({ signal: 'late', kind: 'rejected' })]);
    expect(rt.drainErrors()).toEqual([expect.objectContaining({ signal: 'late', kind: 'rejected' })]);
  });
});

describe('7. code the parser accepts but the engine cannot compile', () => {
  const rejectedByEngine = (source: string) => {
    try {
      new Function(source);
      return false;
    } catch {
      return true;
    }
  };

  function rejects(regex: string) {
    const rt = mono();
    const ref = mono();
    for (const r of [rt, ref]) r.evaluate(WITNESSES);
    renderFrames(rt, 300);
    renderFrames(ref, 300);
    const e = thrown(() => rt.evaluate(`play('a', s => 0.1, 0);\nconst re = ${regex};\n${WITNESSES}`));
    expect(e).toBeInstanceOf(SessionError);
    expect([(e as SessionError).line, (e as SessionError).column]).toEqual([2, 12]);
    expect(snapshot(rt)).toEqual(snapshot(ref));
    expectSame(renderFrames(rt, 1000), renderFrames(ref, 1000));
  }

  it.skipIf(!rejectedByEngine('/(?i:a)/'))('a regex modifier /(?i:a)/: SessionError with line and column, nothing changed', () => {
    rejects('/(?i:a)/');
  });

  it.skipIf(!rejectedByEngine('/(?<a>x)|(?<a>y)/'))('duplicate named groups /(?<a>x)|(?<a>y)/: SessionError with line and column, nothing changed', () => {
    rejects('/(?<a>x)|(?<a>y)/');
  });
});

describe('8. smaller findings', () => {
  it("stats() never recompiles: a record's run is the same object before and after, also right after a fade ended", () => {
    const rt = mono();
    rt.register(
      'keep',
      pipe(kramp(5), (v) => kmul(v, 0.5)),
      { fadeSeconds: 0 },
    );
    rt.register('op', () => 0.1, { fadeSeconds: 0 });
    renderFrames(rt, 128);
    const record = rt.debug().registry.records.get('keep')!;
    let run = record.run;
    rt.stats();
    expect(record.run).toBe(run);
    rt.stop('op'); // a user function: once it is gone nobody reads stamps, so a recompile would give a new loop
    renderFrames(rt, FADE + 20);
    run = record.run;
    rt.stats();
    expect(record.run).toBe(run);
  });

  it('stopping one compiled signal of an all-compiled session frees its blocks when its fade ends', () => {
    const rt = mono();
    rt.evaluate(`play('a', pipe(kramp(3), v => kmul(v, 0.25)), 0);\nplay('b', pipe(kramp(5), v => kmul(v, 0.25)), 0);`);
    renderFrames(rt, 100);
    rt.stop('a');
    renderFrames(rt, FADE + 20);
    expect(rt.list()).toEqual(['b']);
    expect(rt.liveBlocks().map((b) => b.key)).toEqual(['b_kramp_0']);
    expect(rt.stats()).toMatchObject({ signals: 1, helperSlotsUsed: 1 + HEADER, helperBlocks: 1 });
  });

  it('when every soloed signal has been removed, the solo ends: the others play at gain 1', () => {
    const rt = mono();
    rt.play('a', () => 0.25, 0);
    rt.play('b', () => 0.5, 0);
    rt.solo('a', 0);
    expect(renderFrames(rt, 1)[0]).toBe(0.25);
    rt.stop('a', 0);
    const out = renderFrames(rt, FADE + 20);
    expect(out.at(-1)).toBe(0.5);
    expect(rt.debug().registry.records.get('b')!.gain).toBe(1);
  });
});

describe('9. mutation findings', () => {
  it('a block resized on reload keeps its key once the old block is freed (found again, same offset, state kept)', () => {
    const rt = mono();
    rt.evaluate(`play('d', kcount(10), 0);`);
    renderFrames(rt, 64);
    rt.evaluate(`play('d', kcount(20), 0);`); // resized: re-placed; the old block is freed
    renderFrames(rt, 64);
    const block = { ...rt.liveBlocks().find((b) => b.key === 'd_kcount_0')! };
    expect(block.size).toBe(20 + HEADER);
    expect(rt.debug().helperPool.memory[block.at + HEADER]).toBe(64);
    rt.evaluate(`play('d', kcount(20), 0);`);
    expect(rt.liveBlocks().map((b) => ({ ...b }))).toEqual([block]);
    renderFrames(rt, 64);
    expect(rt.debug().helperPool.memory[block.at + HEADER]).toBe(128);
  });

  it("a compiled signal's fade-out ending mid-chunk sounds exactly as the same signal as a user function, then exactly 0", () => {
    const compiled = mono();
    const closure = mono();
    const chain = () => pipe(kramp(220), (v) => kmul(kadd(v, 0.25), 0.5));
    compiled.register('x', chain(), { fadeSeconds: 0 });
    const c = chain();
    closure.register('x', (s) => c(s), { fadeSeconds: 0 });
    expect(compiled.stats().compiledSignals).toBe(1);
    expect(closure.stats().compiledSignals).toBe(0);
    expectSame(renderFrames(compiled, 1000), renderFrames(closure, 1000));
    compiled.stop('x', 0.001); // 48 frames: ends in the middle of the next 128-frame chunk
    closure.stop('x', 0.001);
    const a = renderFrames(compiled, 256);
    const b = renderFrames(closure, 256);
    expectSame(a, b);
    expect(a[40]).not.toBe(0);
    expect(Array.from(a.subarray(48))).toEqual(new Array(256 - 48).fill(0));
  });

  it('largestFreeBlock on a fragmented pool, in stats() and in the exhaustion message', () => {
    const rt = mono();
    // Compiled signals (kernels only): each reaches exactly its own block.
    rt.register('a', kcount(100), { fadeSeconds: 0 });
    rt.register('b', kcount(2000), { fadeSeconds: 0 });
    rt.register('c', kcount(1500), { fadeSeconds: 0 });
    rt.stop('b', 0);
    const hole = 2000 + HEADER;
    const tail = 4096 - (100 + 2000 + 1500 + 3 * HEADER);
    expect(rt.stats().largestFreeBlock).toBe(hole);
    expect(rt.debug().helperPool.freeIntervals()).toEqual([
      [100 + HEADER, hole],
      [4096 - tail, tail],
    ]);
    const e = thrown(() => rt.register('big', kcount(3000)));
    expect(e).toBeInstanceOf(PoolExhaustedError);
    expect((e as Error).message).toContain(`the largest free block is ${hole} of 4096`);
  });

  it('HelperPool.free overlapping the free interval on its left throws', () => {
    const pool = new HelperPool(100);
    expect([pool.alloc(10), pool.alloc(10), pool.alloc(10)]).toEqual([0, 10, 20]);
    pool.free(0, 10);
    const before = pool.freeIntervals();
    expect(() => pool.free(5, 10)).toThrow('HelperPool.free(5, 10) overlaps free space: double free');
    expect(pool.freeIntervals()).toEqual(before);
  });

  it("onError's unsubscribe stops the calls", () => {
    const rt = mono();
    const kept: string[] = [];
    const dropped: string[] = [];
    rt.onError((f) => kept.push(f.signal));
    const off = rt.onError((f) => dropped.push(f.signal));
    off();
    rt.register('nan', () => NaN);
    renderFrames(rt, 10);
    expect(kept).toEqual(['nan']);
    expect(dropped).toEqual([]);
  });

  it("a fault's error field is the thrown Error", () => {
    const rt = mono();
    const boom = new Error('boom');
    rt.register('thrower', () => {
      throw boom;
    });
    renderFrames(rt, 10);
    const [fault] = rt.drainErrors();
    expect(fault).toMatchObject({ signal: 'thrower', kind: 'threw' });
    expect(fault!.error).toBe(boom);
  });

  it('stats().helperSlotsFree is the pool size minus what is used', () => {
    const rt = mono();
    expect(rt.stats().helperSlotsFree).toBe(4096);
    rt.register('a', sentinel(10));
    rt.register('b', ramp(1));
    expect(rt.stats()).toMatchObject({ helperSlotsUsed: 10 + 1 + 2 * HEADER, helperSlotsFree: 4096 - (10 + 1 + 2 * HEADER) });
  });
});

describe('9b. what the ambient scan sees (reach.ts)', () => {
  /**
   * The key a kernel built just before `install({ kit: wrap(k) })` is bound under by the next
   * register of a function of its own: found in the installed value, it belongs to the scope and
   * is adopted from there (`a~kcount_0`); not found, it stays pending and is the register's own (`a_kcount_0`).
   */
  function keyAfterInstall(wrap: (k: Signal) => unknown): string[] {
    const rt = mono();
    const k = kcount(2);
    rt.install({ kit: wrap(k) });
    rt.register('a', () => 0, { fadeSeconds: 0 });
    return rt.liveBlocks().map((b) => b.key);
  }
  const objects = (k: unknown, n: number): unknown => (n === 0 ? k : { inner: objects(k, n - 1) });
  const arrays = (k: unknown, n: number): unknown => (n === 0 ? k : [0, arrays(k, n - 1)]);
  const FOUND = ['a~kcount_0'];
  const NOT_FOUND = ['a_kcount_0'];

  it('looks four levels into plain objects and arrays, not five', () => {
    expect([0, 1, 4, 5].map((n) => keyAfterInstall((k) => objects(k, n)))).toEqual([FOUND, FOUND, FOUND, NOT_FOUND]);
    expect([1, 4, 5].map((n) => keyAfterInstall((k) => arrays(k, n)))).toEqual([FOUND, FOUND, NOT_FOUND]);
    expect(keyAfterInstall((k) => [{ deep: [{ k }] }])).toEqual(FOUND);
  });

  it('looks into objects with no prototype, not into instances of a class, and calls no getter', () => {
    class Kit {
      constructor(readonly k: Signal) {}
    }
    let reads = 0;
    expect(keyAfterInstall((k) => Object.assign(Object.create(null), { k }))).toEqual(FOUND);
    expect(keyAfterInstall((k) => new Kit(k))).toEqual(NOT_FOUND);
    expect(
      keyAfterInstall((k) => ({
        get k() {
          reads++;
          return k;
        },
      })),
    ).toEqual(NOT_FOUND);
    expect(reads).toBe(0);
  });

  it('a proxy whose descriptor vanishes between the listing and the reading is passed over', () => {
    const seen: string[] = [];
    const shifty = (k: Signal) =>
      new Proxy(
        { k },
        {
          getOwnPropertyDescriptor(target, key) {
            seen.push(String(key));
            return seen.length > 1 ? undefined : Reflect.getOwnPropertyDescriptor(target, key);
          },
        },
      );
    expect(keyAfterInstall(shifty)).toEqual(NOT_FOUND);
    expect(seen.length).toBeGreaterThan(1);
  });

  it('a stateless kernel in the scope holds no memory, and a function of its own registered after it plays', () => {
    const rt = mono();
    rt.install({ half: kmul(kcount(1), 0.5) });
    rt.register('a', (s) => 0.25 + 0 * s.frame, { fadeSeconds: 0 });
    expect(renderFrames(rt, 2)).toEqual(new Float32Array([0.25, 0.25]));
    expect(rt.liveBlocks().map((b) => b.key)).toEqual(['a~kcount_0']);
  });

  it('a closure helper bound in one runtime is refused by another, as a kernel is', () => {
    const main = mono();
    const cue = mono();
    const h = ramp(3);
    main.register('a', h, { fadeSeconds: 0 });
    expect(() => cue.register('a', h, { fadeSeconds: 0 })).toThrow("register('a'): its ramp is bound to another runtime.");
    expect(cue.list()).toEqual([]);
  });

  it('a global that was there when the runtime was made, given a helper by the session, keeps it alive', () => {
    const g = globalThis as Record<string, unknown>;
    g.__early = 0;
    try {
      const rt = mono();
      rt.evaluate(`globalThis.__early = kcount(2);\nplay('a', s => __early(s), 0);`);
      renderFrames(rt, 100);
      rt.evaluate(`play('b', s => __early(s), 0);`); // 'a' dropped, its fade ends in these frames
      renderFrames(rt, 1000);
      expect(rt.list()).toEqual(['b']);
      const block = rt.liveBlocks().find((b) => b.key === 'a_kcount_0')!;
      expect(rt.debug().helperPool.memory[block.at + HEADER]).toBe(1100);
    } finally {
      delete g.__early;
    }
  });
});

describe('9c. claims undone (blocks.ts)', () => {
  const blockOf = (rt: Runtime, key: string) => rt.liveBlocks().find((b) => b.key === key);

  it('an evaluation that resized a block and then failed leaves the old block under its key: found again, state kept', () => {
    const rt = mono();
    rt.evaluate(`play('d', kcount(10), 0);`);
    renderFrames(rt, 64);
    const block = { ...blockOf(rt, 'd_kcount_0')! };
    expect(() => rt.evaluate(`play('d', kcount(20), 0);\nthrow new Error('later');`)).toThrow(SessionError);
    rt.evaluate(`play('d', kcount(10), 0);`);
    expect(rt.liveBlocks().map((b) => ({ ...b }))).toEqual([block]);
    renderFrames(rt, 64);
    expect(rt.debug().helperPool.memory[block.at + HEADER]).toBe(128);
  });

  it('a helper bound by an evaluation that failed is unbound again: a later one that reaches it binds it anew', () => {
    const g = globalThis as Record<string, unknown>;
    try {
      const rt = mono();
      expect(() => rt.evaluate(`globalThis.__k = kcount(1);\nplay('a', __k, 0);\nthrow new Error('later');`)).toThrow(SessionError);
      expect(rt.debug().registry.boundClaimants()).toEqual([]);
      rt.evaluate(`play('b', __k, 0);`);
      expect(rt.liveBlocks().map((b) => b.key)).toEqual(['b~kcount_0']);
      renderFrames(rt, 5);
      expect(rt.debug().helperPool.memory[rt.liveBlocks()[0]!.at + HEADER]).toBe(5);
    } finally {
      delete g.__k;
    }
  });

  it('a failed reload of a raw hook with two blocks leaves both with the old hook, which plays on', () => {
    const rt = mono();
    rt.install({ rawCount });
    rt.evaluate(`play('a', rawCount(2), 0);`);
    renderFrames(rt, 10);
    expect(() => rt.evaluate(`play('a', rawCount(2), 0);\nthrow new Error('later');`)).toThrow(SessionError);
    rt.evaluate(`play('b', s => 0, 0);`, { mode: 'snippet' }); // a commit: its sweep frees what nothing holds
    renderFrames(rt, 10);
    const mem = rt.debug().helperPool.memory;
    const counts = ['a_rawcount_0', 'a_rawcount_1'].map((key) => mem[blockOf(rt, key)!.at]);
    expect(counts).toEqual([20, 20]);
  });
});

describe('10. found by the differential fuzzer', () => {
  const blockOf = (rt: Runtime, key: string) => rt.liveBlocks().find((b) => b.key === key);
  it("stop('b'); stop('a'); mute('b') in a snippet commits whole: no signal is freed between the verbs", () => {
    const rt = mono();
    rt.evaluate(`play('a', kramp(3)); play('b', kramp(5));`);
    renderFrames(rt, 300);
    const result = rt.evaluate(`stop('b'); stop('a'); mute('b');`, { mode: 'snippet' });
    expect(result.removed.sort()).toEqual(['a', 'b']);
    const b = rt.debug().registry.records.get('b')!;
    expect([b.stopping, b.muted]).toEqual([true, true]);
    renderFrames(rt, FADE + 128);
    expect(rt.stats()).toMatchObject({ signals: 0, helperSlotsUsed: 0, helperBlocks: 0 });
  });

  it('a block a fault left NaN, kept past its signal, is preset as new at the next commit, before its key is claimed again', () => {
    const rt = mono();
    // 'a' faults: its smoother's state becomes NaN. 'b', registered directly while 'a' played,
    // may call a's helpers (the host's variables), so they outlive 'a'.
    rt.evaluate(`const f = klp(s => (s.frame >= 10 ? NaN : 0.5)); play('a', s => f(s));`, { mode: 'snippet' });
    rt.register('b', (s) => 0);
    renderFrames(rt, 64);
    expect(rt.drainErrors().map((f) => f.signal)).toEqual(['a']);
    const poisoned = blockOf(rt, 'a_klp_0')!;
    expect(Number.isNaN(rt.debug().helperPool.memory[poisoned.at + HEADER])).toBe(true);
    rt.evaluate(`stop('a', 0);`, { mode: 'snippet' });
    expect(rt.list()).toEqual(['b']);
    const kept = blockOf(rt, 'a_klp_0')!;
    expect(kept).toBe(poisoned);
    expect(rt.debug().helperPool.memory[kept.at + HEADER]).toBe(0);
    // A new 'a' with a finite input finds the same key: it starts clean instead of faulting at once.
    rt.evaluate(`const f = klp(0.5); play('a', s => f(s));`, { mode: 'snippet' });
    expect(blockOf(rt, 'a_klp_0')!.at).toBe(kept.at);
    const out = renderFrames(rt, 64);
    expect(rt.drainErrors()).toEqual([]);
    expect(out[63]).toBeGreaterThan(0);
  });

  it('a closure helper marked with its handle is seen when kept on globalThis or installed', () => {
    const g = globalThis as Record<string, unknown>;
    try {
      const rt = mono();
      rt.install({ shared: ramp(1) });
      rt.evaluate(`globalThis.__kept ??= ramp(2); play('a', s => shared(s) + __kept(s));`);
      renderFrames(rt, 480);
      rt.evaluate(`play('b', s => shared(s) - __kept(s));`); // 'a' dropped
      renderFrames(rt, 480);
      expect(rt.drainErrors()).toEqual([]);
      expect(rt.list()).toEqual(['b']);
      const keys = rt
        .liveBlocks()
        .map((b) => b.key)
        .sort();
      expect(keys).toHaveLength(2);
      // Both ramps ran on their own blocks all along: 960 frames at 1 and 2 Hz.
      const phases = rt
        .liveBlocks()
        .map((b) => rt.debug().helperPool.memory[b.at + HEADER])
        .sort();
      expect(phases[0]).toBeCloseTo(960 / SR, 12);
      expect(phases[1]).toBeCloseTo((2 * 960) / SR, 12);
    } finally {
      delete g.__kept;
    }
  });
});
