// A signal's plan computes what calling the signal computes: the same calls of
// every step and prepare in the same order, with the same inputs, the same
// once-per-frame memory, the same values, and the same state left behind.
import { describe, expect, it } from 'vitest';
import { kernel, mapKernel, type KernelPrepare, type KernelStep } from './kernel.js';
import { planOf, planValue } from './plan.js';
import { createRuntime } from './runtime.js';
import type { Signal, SignalContext } from './types.js';

/** What the steps and prepares below were called with, in order. */
let calls: string[] = [];
const note = (what: string, inputs: unknown[]) => calls.push(`${what}(${inputs.map(String).join(',')})`);

const rampStep: KernelStep = (m, o, s, rate) => {
  note('ramp', [rate]);
  const y = m[o]!;
  m[o] = (y + rate * s.dt) % 1;
  return y + s.ch;
};
const mixStep: KernelStep = (m, o, s, a, b, c, d, e, f) => {
  note('mix6', [a, b, c, d, e, f]);
  m[o] = m[o]! * 0.5 + a + b + c + d + e + f;
  return m[o]!;
};
const scalePrepare: KernelPrepare = (m, o, s, x, k) => {
  note('scale.prepare', [x, k]);
  m[o] = k * 2;
};
const scaleStep: KernelStep = (m, o, s, x, k) => {
  note('scale', [x, k]);
  return x * m[o]!;
};
const negStep: KernelStep = (m, o, s, x) => {
  note('neg', [x]);
  return -x;
};
const ramp = (rate: number | Signal) => kernel('ramp', 1, [rate], rampStep);
const mix6 = (...inputs: Array<number | Signal>) => kernel('mix6', 1, inputs, mixStep);
const scale = (x: Signal, k: number | Signal) => kernel('scale', 1, [x, k], scaleStep, { prepare: scalePrepare });
const neg = (x: Signal) => mapKernel('neg', [x], negStep);

/**
 * A graph with every shape the plan meets: a stateful kernel reached three
 * times (computed once a frame), a stateless one reached twice (computed
 * twice), six inputs, a prepare, constants, and a user's function that
 * returns a string (passed on as it is, as a closure passes it).
 */
function graph(): Signal {
  const lfo = ramp(3);
  const flipped = neg(lfo);
  const user = ((s: SignalContext) => {
    note('user', [s.frame]);
    return (s.frame % 2 === 0 ? '0.25' : 0.5) as unknown as number;
  }) as Signal;
  return mix6(scale(lfo, user), flipped, flipped, lfo, 0.125, scale(ramp(lfo), 4));
}

/** `fn` bound in a stereo runtime, and a context to call it with. */
function bound(): { fn: Signal; s: SignalContext & { t: number }; memory: () => Float64Array } {
  const fn = graph();
  const rt = createRuntime({ sampleRate: 48000, channels: 2 });
  rt.register('g', fn, { channels: 2 });
  const s = { t: 0, frame: 0, sr: 48000, dt: 1 / 48000, name: 'g', state: new Float64Array(0), channels: 2, ch: 0 };
  return { fn, s, memory: () => rt.debug().helperPool.memory };
}

describe('planValue', () => {
  it('calls every step and prepare as the closures do, and gives the same values and state to the bit', () => {
    const closures = bound();
    const plan = bound();
    const p = planOf(plan.fn);
    for (let frame = 0; frame < 200; frame++) {
      for (let ch = 0; ch < 2; ch++) {
        closures.s.frame = plan.s.frame = frame;
        closures.s.ch = plan.s.ch = ch;
        calls = [];
        const a = closures.fn(closures.s);
        const byClosures = calls;
        calls = [];
        const b = planValue(p, plan.s);
        expect(calls, `frame ${frame}, channel ${ch}`).toEqual(byClosures);
        expect(Object.is(a, b), `frame ${frame}, channel ${ch}: ${a} vs ${b}`).toBe(true);
      }
    }
    const [x, y] = [plan.memory(), closures.memory()];
    const first = x.findIndex((v, i) => !Object.is(v, y[i]));
    expect(first, first >= 0 ? `slot ${first}: ${x[first]} vs ${y[first]}` : '').toBe(-1);
    // A stateful kernel reached three times is computed once a frame and channel; the stateless one twice.
    calls = [];
    plan.s.frame = 200;
    planValue(p, plan.s);
    expect(calls.filter((c) => c.startsWith('ramp(3)'))).toHaveLength(1);
    expect(calls.filter((c) => c.startsWith('neg('))).toHaveLength(2);
  });

  it('passes a user function’s value on as it is (a string stays a string)', () => {
    const { fn, s } = bound();
    const p = planOf(fn);
    calls = [];
    s.frame = 0;
    planValue(p, s);
    // frame 0: the user function returns '0.25'; scale's prepare sees the string, as a closure's would.
    expect(calls).toContain('scale.prepare(0,0.25)');
    expect(calls).toContain('scale(0,0.25)');
  });

  it('builds one plan per kernel however many consumers reach it, and one evaluator per step', () => {
    const lfo = ramp(1);
    const p = planOf(mix6(lfo, lfo, neg(lfo), 1, 2, 3));
    expect(p.k0).toBe(p.k1);
    expect(p.k2!.k0).toBe(p.k0);
    expect([p.k3.value, p.k4.value, p.k5.value]).toEqual([1, 2, 3]);
    expect([p.k0.memo, p.k2.memo, p.memo]).toEqual([true, false, true]);
    // Another instance of the same helpers, in another graph: the same evaluators (warm code).
    const q = planOf(mix6(neg(ramp(2)), 0, 0, 0, 0, 0));
    expect(q.run).toBe(p.run);
    expect(q.k0!.run).toBe(p.k2!.run);
    expect(q.k0!.k0!.run).toBe(p.k0!.run);
  });
});
