import { afterEach, describe, expect, it } from 'vitest';
import { claimStateBlock, HEADER, onBind } from './binding.js';
import { kernel } from './kernel.js';
import { SessionError } from './evaluate.js';
import { createRuntime, type Runtime } from './runtime.js';
import { kmul, kramp, ramp, renderFrames } from './test-support.js';

// A reload finds each helper's block again by its stable key. When the helper
// that held the block before is still run by other code (another signal reaches
// it, through a global, a fading signal's function), the two must not compute
// into one block: the older one moves to a copy, state and all, and each goes on
// at its own rate from where they were.

const SR = 8000;

/** A raw bind hook's helper: its offset lives in its own closure, where the runtime cannot move it. */
function counter(): (s: unknown) => number {
  let mem: Float64Array = new Float64Array(1);
  let at = 0;
  onBind('counter', (s) => {
    mem = s.memory;
    at = claimStateBlock(s, 'counter', 1);
  });
  return () => mem[at]++;
}

/** A raw bind hook's helper `kc` whose one block is the size of a one-slot kernel's (HEADER + 1): it adds 1 to its slot each frame. */
function rawKc(): (s: unknown) => number {
  let mem: Float64Array = new Float64Array(HEADER + 1);
  let at = 0;
  onBind('kc', (s) => {
    mem = s.memory;
    at = claimStateBlock(s, 'kc', HEADER + 1);
  });
  return () => {
    mem[at + HEADER]! += 1;
    return 0;
  };
}

/** A kernel `kc` of one slot, which it adds 100 to each frame: its block has the key and size of a {@link rawKc}'s. */
const kc = () =>
  kernel('kc', 1, [], (m, o) => {
    m[o] = m[o]! + 100;
    return 0;
  });

function mono(helperPoolSize = 4096): Runtime {
  const rt = createRuntime({ sampleRate: SR, channels: 1, helperPoolSize, fadeSeconds: 0 });
  rt.install({ kramp, kmul, ramp, counter, rawKc, kc });
  return rt;
}

/** Frame-to-frame steps of `name`'s output alone (a phase ramp times 0.5: 0.5 × rate / SR between wraps). */
function steps(rt: Runtime, name: string, frames: number): number[] {
  rt.solo(name, 0);
  const out = renderFrames(rt, frames);
  const d: number[] = [];
  for (let i = 1; i < out.length; i++) if (out[i]! >= out[i - 1]!) d.push(out[i]! - out[i - 1]!);
  return d;
}

afterEach(() => {
  delete (globalThis as Record<string, unknown>).__shared;
});

describe('a block is computed by one helper only', () => {
  for (const [label, make] of [
    ['a kernel (compiled)', 'kramp'],
    ['a closure helper', 'ramp'],
  ] as const) {
    it(`${label}: a global helper another signal keeps and a signal's new helper of the same key each run at their own rate`, () => {
      const rt = mono();
      rt.evaluate(`globalThis.__shared ??= ${make}(3); play('a', kmul(globalThis.__shared, 0.5));`);
      renderFrames(rt, 800);
      rt.evaluate(`play('b', kmul(globalThis.__shared, 0.5)); play('a', kmul(${make}(5), 0.5));`);
      for (const [name, hz] of [
        ['b', 3],
        ['a', 5],
      ] as const) {
        const d = steps(rt, name, 2000);
        expect(Math.min(...d), name).toBeCloseTo((0.5 * hz) / SR, 6);
        expect(Math.max(...d), name).toBeCloseTo((0.5 * hz) / SR, 6);
      }
      // The signal's own helper keeps the block and its key; the global one goes on in a copy.
      expect(
        rt
          .liveBlocks()
          .map((b) => b.key)
          .sort(),
      ).toEqual([`a_${make}_0`, `a_${make}_0~retired`]);
      expect(rt.drainErrors()).toEqual([]);
    });
  }

  it('both go on from the state they shared: the copy holds what the block held', () => {
    const rt = mono();
    rt.evaluate(`globalThis.__shared ??= kramp(3); play('a', kmul(globalThis.__shared, 0.5));`);
    renderFrames(rt, 800);
    const phase = (0.5 * ((3 * 800) / SR)) % 0.5;
    rt.evaluate(`play('b', kmul(globalThis.__shared, 0.5)); play('a', kmul(kramp(5), 0.5));`);
    rt.solo('b', 0);
    expect(renderFrames(rt, 1)[0]).toBeCloseTo(phase, 6);
    rt.solo('a', 0);
    expect(renderFrames(rt, 1)[0]).toBeCloseTo(phase + (0.5 * 5) / SR, 6);
  });

  it('a plain reload copies nothing: the old helper is run by nothing after the commit', () => {
    const rt = mono();
    rt.evaluate(`play('a', kmul(kramp(3), 0.5)); play('b', kmul(ramp(4), 0.5));`);
    renderFrames(rt, 100);
    const before = rt.liveBlocks().map((b) => ({ ...b }));
    rt.evaluate(`play('a', kmul(kramp(3), 0.5)); play('b', kmul(ramp(4), 0.5));`);
    expect(rt.liveBlocks().map((b) => ({ ...b }))).toEqual(before);
    expect(rt.stats().helperSlotsUsed).toBe(before.reduce((n, b) => n + b.size, 0));
  });

  it('when neither helper can move (both raw bind hooks), the evaluation is refused, saying why, and nothing changes', () => {
    const rt = mono();
    rt.evaluate(`globalThis.__shared ??= counter(); play('a', s => globalThis.__shared(s) * 0);`);
    renderFrames(rt, 10);
    const stats = rt.stats();
    expect(() => rt.evaluate(`play('b', s => globalThis.__shared(s) * 0); play('a', (() => { const c = counter(); return s => c(s) * 0; })());`)).toThrow(
      /register\('a'\): counter \(key a_counter_0\) would share its memory with a helper that other code may still run, and an onBind hook keeps its offsets where they cannot be moved.*Nothing was changed/,
    );
    expect(rt.stats()).toEqual(stats);
    expect(rt.list()).toEqual(['a']);
  });

  it("the copy holds what the block held wherever the block lies (here after another signal's)", () => {
    const rt = mono();
    rt.evaluate(`play('first', kramp(1)); globalThis.__shared ??= kramp(3); play('a', kmul(globalThis.__shared, 0.5));`);
    renderFrames(rt, 800);
    const phase = (0.5 * ((3 * 800) / SR)) % 0.5;
    rt.evaluate(`play('first', kramp(1)); play('b', kmul(globalThis.__shared, 0.5)); play('a', kmul(kramp(5), 0.5));`);
    rt.solo('b', 0);
    expect(renderFrames(rt, 1)[0]).toBeCloseTo(phase, 6);
  });

  it('when the helper kept elsewhere is a raw hook, it keeps the block and the new kernel moves to a copy, which its key then finds', () => {
    const rt = mono();
    rt.evaluate(`globalThis.__shared ??= rawKc(); play('a', s => globalThis.__shared(s));`);
    renderFrames(rt, 10);
    const reload = `play('b', s => globalThis.__shared(s)); play('a', kc());`;
    rt.evaluate(reload);
    const counts = () =>
      rt
        .liveBlocks()
        .map((b) => [b.key, rt.debug().helperPool.memory[b.at + HEADER]])
        .sort((x, y) => Number(x[1]) - Number(y[1]));
    renderFrames(rt, 10);
    // The raw hook counted on (20); the kernel went on from the copy of its 10.
    expect(counts()).toEqual([
      ['a_kc_0', 20],
      ['a_kc_0', 10 + 100 * 10],
    ]);
    rt.evaluate(reload);
    renderFrames(rt, 10);
    expect(counts()).toEqual([
      ['a_kc_0', 30],
      ['a_kc_0', 10 + 100 * 20],
    ]);
  });

  it('the key stays with the new helper, not with the copy the kept one moved to: the next reload copies nothing', () => {
    const rt = mono();
    rt.evaluate(`globalThis.__shared ??= kramp(3); play('a', kmul(globalThis.__shared, 0.5));`);
    const reload = `play('b', kmul(globalThis.__shared, 0.5)); play('a', kmul(kramp(5), 0.5));`;
    rt.evaluate(reload);
    renderFrames(rt, 100);
    const blocks = rt.liveBlocks().map((b) => ({ ...b }));
    expect(blocks.map((b) => b.key).sort()).toEqual(['a_kramp_0', 'a_kramp_0~retired']);
    rt.evaluate(reload);
    expect(rt.liveBlocks().map((b) => ({ ...b }))).toEqual(blocks);
  });

  it('a key placed anew later in the same evaluation keeps its new block when a helper that joined the old one moves off it', () => {
    const rt = mono();
    const kc2 = () =>
      kernel('kc', 2, [], (m, o) => {
        m[o] = m[o]! + 1000;
        return 0;
      });
    rt.install({ kc2 });
    rt.evaluate(`globalThis.__shared ??= rawKc(); play('a', s => globalThis.__shared(s));`);
    // k joins the raw hook's block under a_kc_0, stays reached through 'c', and moves to a copy;
    // the second 'a' places a_kc_0 anew, at kc2's size.
    rt.evaluate(`play('b', s => globalThis.__shared(s)); const k = kc(); play('a', k); play('c', s => k(s)); play('a', kc2());`);
    renderFrames(rt, 10);
    const big = rt.liveBlocks().find((b) => b.size === HEADER + 2)!;
    rt.evaluate(`play('b', s => globalThis.__shared(s)); play('a', kc2());`);
    renderFrames(rt, 10);
    const found = rt.liveBlocks().find((b) => b.size === HEADER + 2)!;
    expect([found.key, found.at]).toEqual(['a_kc_0', big.at]);
    expect(rt.debug().helperPool.memory[found.at + HEADER]).toBe(20 * 1000);
  });

  it('a copy no longer needed at the commit is not made: the other signal was dropped, or the new one stopped', () => {
    for (const [reload, keys] of [
      // 'b' dropped by the session: the global helper is reached by nothing after the commit.
      [`play('a', kmul(kramp(5), 0.5));`, ['a_kramp_0']],
      // The new 'a' stopped in the same snippet: the global helper keeps its block, for 'b'.
      [`play('a', kmul(kramp(5), 0.5)); stop('a', 0);`, ['a_kramp_0']],
    ] as const) {
      const rt = mono();
      rt.evaluate(`globalThis.__shared ??= kramp(3); play('a', kmul(globalThis.__shared, 0.5));`);
      rt.evaluate(`play('b', kmul(globalThis.__shared, 0.5));`, { mode: 'snippet' });
      const before = rt.stats().helperSlotsUsed;
      rt.evaluate(reload, { mode: reload.includes('stop') ? 'snippet' : 'session' });
      expect(
        rt.liveBlocks().map((b) => b.key),
        reload,
      ).toEqual(keys);
      expect(rt.stats().helperSlotsUsed, reload).toBe(before);
      delete (globalThis as Record<string, unknown>).__shared;
    }
  });

  it('when the copy does not fit, the evaluation is refused and nothing changes', () => {
    // One block of 130 slots fits; its copy would not.
    const rt = mono(200);
    rt.evaluate(`globalThis.__shared ??= kramp(3); play('a', kmul(globalThis.__shared, 0.5));`);
    renderFrames(rt, 100);
    const stats = rt.stats();
    const reference = mono(200);
    reference.evaluate(`globalThis.__shared2 = kramp(3); play('a', kmul(globalThis.__shared2, 0.5));`);
    renderFrames(reference, 100);
    let error: unknown;
    try {
      rt.evaluate(`play('b', kmul(globalThis.__shared, 0.5)); play('a', kmul(kramp(5), 0.5));`);
    } catch (e) {
      error = e;
    }
    delete (globalThis as Record<string, unknown>).__shared2;
    expect(error).toBeInstanceOf(SessionError);
    expect((error as Error).message).toMatch(/Helper memory exhausted registering 'a': kramp \(key a_kramp_0\) needs 130 slots.*Nothing was changed/);
    expect(rt.stats()).toEqual(stats);
    expect(rt.list()).toEqual(['a']);
    expect(renderFrames(rt, 500)).toEqual(renderFrames(reference, 500));
  });
});
