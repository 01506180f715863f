// The kernel API as a helper author meets it: what kernel() and mapKernel()
// record for the compiler, and what their closures compute when a function of
// the session's own calls them (the same samples as the compiled loop).
import { describe, expect, it } from 'vitest';
import { kernel, type KernelStep, mapKernel, nodeOf } from './kernel.js';
import { createRuntime } from './runtime.js';
import { renderFrames } from './test-support.js';
import type { Signal } from './types.js';

const SR = 48000;
const mono = () => createRuntime({ sampleRate: SR, channels: 1, helperPoolSize: 4096 });

/** Renders `build()` compiled (registered as it is) and through its closure (behind a function of its own). */
function bothWays(build: () => Signal, frames = 4): [number[], number[]] {
  const compiled = mono();
  compiled.register('k', build(), { fadeSeconds: 0 });
  const called = mono();
  const sig = build();
  called.register('k', (s) => sig(s), { fadeSeconds: 0 });
  expect([compiled.stats().compiledSignals, called.stats().compiledSignals]).toEqual([1, 0]);
  return [Array.from(renderFrames(compiled, frames)), Array.from(renderFrames(called, frames))];
}

const sumStep: KernelStep = (m, o, s, a = 0, b = 0, c = 0, d = 0, e = 0, f = 0) => (a + 2 * b + 4 * c + 8 * d + 16 * e + 32 * f) / 64;

describe('kernel', () => {
  it('records what the compiler needs: helper, state, inputs, step, prepare, uses, registers (0 by default)', () => {
    const prepare = () => undefined;
    const input: Signal = () => 0;
    const k = kernel('rec', 2, [0.5, input], sumStep, { prepare, registers: 1 });
    const info = nodeOf(k)!;
    expect([info.helper, info.inputs, info.step, info.prepare, info.registers]).toEqual(['rec', [0.5, input], sumStep, prepare, 1]);
    expect(info.state).not.toBeNull();
    expect(info.uses).toEqual({});
    expect(nodeOf(kernel('plain', 1, [], sumStep))!.registers).toBe(0);
    expect([nodeOf(() => 0), nodeOf(3), nodeOf(undefined)]).toEqual([undefined, undefined, undefined]);
  });

  it('names its closure after the helper, with characters outside identifiers replaced', () => {
    expect(kernel('my-helper.v2', 1, [], sumStep).name).toBe('node_my_helper_v2');
    expect(mapKernel('gain$', [1], sumStep).name).toBe('node_gain$');
  });

  it('passes each of up to 6 inputs in order, constants and kernels alike, compiled and called', () => {
    for (let n = 0; n <= 6; n++) {
      const inputs = Array.from({ length: n }, (_, k): number | Signal => (k % 2 === 0 ? 1 : mapKernel('one', [], () => 1)));
      const expected = (2 ** n - 1) / 64;
      const [compiled, called] = bothWays(() => kernel('sum', 1, inputs, sumStep));
      expect(compiled).toEqual([expected, expected, expected, expected].map(Math.fround));
      expect(called).toEqual(compiled);
      const [mc, mk] = bothWays(() => mapKernel('msum', inputs, sumStep));
      expect(mc).toEqual(compiled);
      expect(mk).toEqual(compiled);
    }
  });

  it('takes a function as its options: the init, which presets new state per channel', () => {
    const counter: KernelStep = (m, o) => {
      m[o] = m[o]! + 1;
      return m[o]! / 100;
    };
    const [compiled, called] = bothWays(() =>
      kernel('count', 1, [], counter, (m, o) => {
        m[o] = 10;
      }),
    );
    expect(compiled).toEqual([0.11, 0.12, 0.13, 0.14].map(Math.fround));
    expect(called).toEqual(compiled);
  });

  it('runs prepare before each step, with the same inputs, in the closure as in the loop', () => {
    const prepare = (m: Float64Array, o: number, s: unknown, a: number) => {
      m[o + 1] = a * 2;
    };
    const step: KernelStep = (m, o, s, a) => m[o + 1]! + a;
    const input = mapKernel('eighths', [], (m, o, s) => s.frame / 8);
    const [compiled, called] = bothWays(() => kernel('prep', 2, [input], step, { prepare }));
    expect(compiled).toEqual([0, 3 / 8, 6 / 8, 9 / 8].map((v) => Math.min(1, Math.fround(v))));
    expect(called).toEqual(compiled);
  });

  it('runs the prepare of a kernel with no inputs too', () => {
    const prepare = (m: Float64Array, o: number) => {
      m[o + 1] = m[o + 1]! + 0.25;
    };
    const step: KernelStep = (m, o) => m[o + 1]!;
    const [compiled, called] = bothWays(() => kernel('prep0', 2, [], step, { prepare }));
    expect(called).toEqual([0.25, 0.5, 0.75, 1]);
    expect(compiled[0]).toBe(0.25);
  });

  it('is per channel when only its prepare reads s.ch: each channel of a stereo signal gets its own value', () => {
    const prepare = (m: Float64Array, o: number, s: { ch: number }) => {
      m[o] = s.ch + 1;
    };
    const step: KernelStep = (m, o) => m[o]! / 4;
    const perChannel = kernel('side', 1, [], step, { prepare });
    const shared = kernel('mid', 1, [], step, {
      prepare: (m: Float64Array, o: number) => {
        m[o] = 1;
      },
    });
    expect([nodeOf(perChannel)!.perChannel, nodeOf(shared)!.perChannel]).toEqual([true, false]);
    const rt = createRuntime({ sampleRate: SR, channels: 2, helperPoolSize: 4096 });
    rt.register('k', perChannel, { channels: 2, fadeSeconds: 0 });
    expect(Array.from(renderFrames(rt, 2))).toEqual([0.25, 0.5, 0.25, 0.5]);
  });

  it('computes once per frame however many callers, in the closure too', () => {
    let steps = 0;
    const counted: KernelStep = () => {
      steps++;
      return 0.25;
    };
    const rt = mono();
    const k = kernel('once', 0, [], counted);
    rt.register('a', (s) => k(s) + k(s) + k(s), { fadeSeconds: 0 });
    expect(renderFrames(rt, 4)[3]).toBe(0.75);
    expect(steps).toBe(4);
  });

  it('gives a stateless map no memory: its step sees an empty array at offset 0', () => {
    const seen: Array<[number, number]> = [];
    const step: KernelStep = (m, o, s, a) => {
      seen.push([m.length, o]);
      return a;
    };
    const rt = mono();
    const k = mapKernel('look', [0.5], step);
    rt.register('a', (s) => k(s), { fadeSeconds: 0 });
    expect(renderFrames(rt, 2)[1]).toBe(0.5);
    expect(seen).toEqual([
      [0, 0],
      [0, 0],
    ]);
    expect(nodeOf(k)!.state).toBeNull();
    expect(rt.stats().helperBlocks).toBe(0);
  });
});

describe('uses', () => {
  function twice(x: number): number {
    return 2 * x;
  }

  it('lists each function also under its own name, keeping the names given, and is kept per uses object', () => {
    const uses = {
      renamed: twice,
      K: 3,
      anonymous: (
        () => () =>
          0
      )(),
    };
    const a = nodeOf(mapKernel('u', [], sumStep, { uses }))!.uses;
    expect(Object.keys(a).sort()).toEqual(['K', 'anonymous', 'renamed', 'twice']);
    expect([a.twice, a.renamed, a.K]).toEqual([twice, twice, 3]);
    expect(nodeOf(kernel('v', 1, [], sumStep, { uses }))!.uses).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
  });

  it('a name given overrides a function of the same name', () => {
    const other = () => 1;
    const a = nodeOf(mapKernel('u', [], sumStep, { uses: { twice: other, x: twice } }))!.uses;
    expect(a.twice).toBe(other);
  });

  it('lets a step that calls a module function be written into the loop with the same samples', () => {
    const step: KernelStep = (m, o, s, a) => twice(a);
    const [compiled, called] = bothWays(() => mapKernel('tw', [0.25], step, { uses: { twice } }));
    expect(compiled).toEqual([0.5, 0.5, 0.5, 0.5]);
    expect(called).toEqual(compiled);
  });
});
