import { describe, expect, it } from 'vitest';
import type { HelperState } from '../binding.js';
import { kernel, type KernelStep, mapKernel, nodeOf } from '../kernel.js';
import type { Param, Signal } from '../types.js';
import { fingerprint, sameFingerprint } from './fingerprint.js';

// The fingerprint stands for the generated loop: whatever the compiler reads of
// a graph must change it (helpers' differential test in reload-reuse.test.ts
// compiles every kept loop anyway). Here, the parts no reload through the
// public API moves on its own: a block's offset, the pool, sharing.

const memory = new Float64Array(4096);

// Steps defined once, as a helper package defines them: a rebuilt graph then reads the same.
const rampStep: KernelStep = (m, o, s, r) => {
  const p = m[o]!;
  const next = p + r * s.dt;
  m[o] = next - Math.floor(next);
  return p;
};
const mulStep: KernelStep = (m, o, s, x, y) => x * y;
const kramp = (rate: Param): Signal => kernel('kramp', 1, [rate], rampStep);
const kmul = (a: Param, b: Param): Signal => mapKernel('kmul', [a, b], mulStep);

/** `kmul(kramp(hz), gain)` with its ramp's block placed at `at`, as a bind would. */
function chain(hz: number, gain: number, at: number, pool = memory): { root: Signal; state: HelperState } {
  const ramp = kramp(hz);
  const state = nodeOf(ramp)!.state!;
  state.memory = pool;
  state.at = at;
  state.stride = 130;
  state.channels = 1;
  state.mask = 0;
  return { root: kmul(ramp, gain), state };
}

const key = (c: { root: Signal }, shared: ReadonlySet<HelperState> = new Set(), pool = memory) => fingerprint(c.root, 1, pool, shared, false);

describe('fingerprint', () => {
  it('is the same for the same graph built again (new objects)', () => {
    expect(sameFingerprint(key(chain(3, 0.5, 0)), key(chain(3, 0.5, 0)))).toBe(true);
  });

  it('changes with a number, told apart as doubles are (-0 from 0; NaN is NaN)', () => {
    expect(sameFingerprint(key(chain(3, 0.5, 0)), key(chain(4, 0.5, 0)))).toBe(false);
    expect(sameFingerprint(key(chain(3, 0, 0)), key(chain(3, -0, 0)))).toBe(false);
    expect(sameFingerprint(key(chain(3, Number.NaN, 0)), key(chain(3, Number.NaN, 0)))).toBe(true);
  });

  it("changes with the block's offset, with the pool, and with whether another signal shares the block", () => {
    const a = chain(3, 0.5, 0);
    expect(sameFingerprint(key(a), key(chain(3, 0.5, 130)))).toBe(false);
    expect(sameFingerprint(key(a), key(chain(3, 0.5, 0, new Float64Array(4096)), new Set(), new Float64Array(4096)))).toBe(false);
    expect(sameFingerprint(key(a), key(a, new Set([a.state])))).toBe(false);
  });

  it('tells one helper read twice from two helpers', () => {
    const place = (r: Signal) => {
      const s = nodeOf(r)!.state!;
      s.memory = memory;
      s.at = 0;
      return r;
    };
    const one = place(kramp(3));
    const twice = kmul(one, one);
    const separate = kmul(place(kramp(3)), place(kramp(3)));
    expect(sameFingerprint(fingerprint(twice, 1, memory, new Set(), false), fingerprint(separate, 1, memory, new Set(), false))).toBe(false);
  });

  it("enters a function it cannot see into by identity (a user's function is new on every reload)", () => {
    const f = () => 0;
    expect(sameFingerprint(fingerprint(kmul(f, 2), 1, memory, new Set(), false), fingerprint(kmul(f, 2), 1, memory, new Set(), false))).toBe(true);
    expect(
      sameFingerprint(
        fingerprint(kmul(f, 2), 1, memory, new Set(), false),
        fingerprint(
          kmul(() => 0, 2),
          1,
          memory,
          new Set(),
          false,
        ),
      ),
    ).toBe(false);
  });
});
