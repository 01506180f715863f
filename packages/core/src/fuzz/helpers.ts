// Helpers the fuzzer's sessions call. The closure helpers carry their handle
// (`fn.handle`), so a check can see which memory they compute on; kernels
// expose theirs through `nodeOf(fn).state`. The witnesses' helpers have names
// of their own (`w...`): no other helper shares their key counters, so where
// the runtime binds other helpers never shifts a witness's keys.
import { defineHelper, handleOf, type HelperState } from '../binding.js';
import { kernel, mapKernel, type KernelStep } from '../kernel.js';
import { kadd, kmul, knan, kramp, ksentinel, rampNamed, sentinel } from '../test-support.js';
import type { Param, Signal } from '../types.js';

/** A closure helper and its handle on helper memory. */
export type Tracked = Signal & { readonly handle: HelperState };

function tracked(fn: Signal, handle: HelperState): Tracked {
  return Object.assign(handle.signal(fn), { handle });
}

/** A phase ramp at `rate` Hz, as a closure helper named `name` (test-support's, with its handle on `.handle`). */
function probeNamed(name: string): (rate: number) => Tracked {
  const make = rampNamed(name);
  return (rate) => {
    const fn = make(rate);
    return Object.assign(fn, { handle: handleOf(fn)! });
  };
}

/**
 * Stamps its `size` (>= 1) slots each frame and throws when one lost its stamp:
 * a neighbour writing into it is caught. The stamp is the block's offset + 1,
 * or (`stamp` given) a constant, so that two runtimes' copies compare equal.
 * A block moved to a copy carries the stamp this instance last wrote.
 */
function sentinelNamed(name: string, stamp?: number): (size: number) => Tracked {
  return (size) => {
    const n = Math.max(1, size);
    const h = defineHelper(name, n);
    let last: number | undefined;
    return tracked((s) => {
      const o = h.begin(s);
      if (o < 0) return h.last(o);
      const m = h.memory;
      const id = stamp ?? h.at + 1;
      const started = m[o] !== 0;
      const held = stamp ?? (last === undefined ? id : last + 1);
      for (let k = 0; k < n; k++) {
        if (started && m[o + k] !== held) throw new Error(`${name} ${id}: slot ${k} holds ${m[o + k]}`);
        m[o + k] = id;
      }
      last = h.at;
      return h.end(o, 0);
    }, h);
  };
}

/** A one-pole smoother of a signal, as a closure helper: a non-finite input poisons its state. */
function smootherNamed(name: string): (x: Signal) => Tracked {
  return (x) => {
    const h = defineHelper(name, 1);
    return tracked((s) => {
      const o = h.begin(s);
      if (o < 0) return h.last(o);
      const m = h.memory;
      const y = m[o]! + 0.05 * (x(s) - m[o]!);
      m[o] = y;
      return h.end(o, y);
    }, h);
  };
}

export const probe = probeNamed('probe');
export const psent = sentinelNamed('psent');
export const pint = smootherNamed('pint');

const intStep: KernelStep = (m, o, s, x) => {
  const y = m[o]! + 0.05 * (x - m[o]!);
  m[o] = y;
  return y;
};
/** A one-pole smoother as a kernel (compiled): a non-finite input poisons its state. */
export const kint = (x: Param): Signal => kernel('kint', 1, [x], intStep);

// The witnesses' own helpers.
export const wprobe = probeNamed('wprobe');
export const wsent = sentinelNamed('wsent', 7777.25);
export const wint = smootherNamed('wint');

const oscStep: KernelStep = (m, o, s, rate) => {
  const p = m[o]!;
  const next = p + rate * s.dt;
  m[o] = next - Math.floor(next);
  return p;
};
const lpStep: KernelStep = (m, o, s, x, k) => {
  const y = m[o]! + k * (x - m[o]!);
  m[o] = y;
  return y;
};
export const wosc = (rate: Param): Signal => kernel('wosc', 1, [rate], oscStep);
export const wlp = (x: Param, k: Param): Signal => kernel('wlp', 1, [x, k], lpStep);
export const wmul = (a: Param, b: Param): Signal => mapKernel('wmul', [a, b], (m, o, s, x, y) => x * y);
export const wadd = (a: Param, b: Param): Signal => mapKernel('wadd', [a, b], (m, o, s, x, y) => x + y);

/** Everything session code may call, besides `use` and `witness` (see reach.ts). */
export const FACTORIES = {
  probe,
  psent,
  pint,
  kint,
  kramp,
  kmul,
  kadd,
  knan,
  ksentinel,
  sentinel,
  wprobe,
  wsent,
  wint,
  wosc,
  wlp,
  wmul,
  wadd,
} as const;
