import { afterEach, describe, expect, it } from 'vitest';
import { claimStateBlock, onBind } from './binding.js';
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

function mono(helperPoolSize = 4096): Runtime {
  const rt = createRuntime({ sampleRate: SR, channels: 1, helperPoolSize, fadeSeconds: 0 });
  rt.install({ kramp, kmul, ramp, counter });
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
