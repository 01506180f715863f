// Small helpers for the core's own tests, written on the public helper API
// exactly as a helper package would be. Not exported from the package.
import { defineHelper } from './binding.js';
import { kernel, mapKernel } from './kernel.js';
import { renderBlocks } from './render-blocks.js';
import type { Runtime } from './runtime.js';
import type { Param, Signal } from './types.js';

/** A phase ramp 0..1 at `rate` Hz (one state slot per channel), as a closure helper keyed `name`. */
export function rampNamed(name: string): (rate: number) => Signal {
  return (rate) => {
    const h = defineHelper(name, 1);
    return h.signal((s) => {
      const o = h.begin(s);
      if (o < 0) return h.last(o);
      const m = h.memory;
      const p = m[o]!;
      const next = p + rate * s.dt;
      m[o] = next - Math.floor(next);
      return h.end(o, p);
    });
  };
}

/** A phase ramp 0..1 at `rate` Hz (one state slot per channel). */
export const ramp = rampNamed('ramp');

/**
 * A helper of `size` slots per channel that stamps every slot with an id of
 * its block (its offset + 1) each frame and throws if any slot lost its stamp
 * since the last frame: a neighbour writing into it, or a block placed over
 * it, is caught.
 */
export function sentinel(size: number): Signal {
  const h = defineHelper('sentinel', size);
  let last: number | undefined;
  return h.signal((s) => {
    const o = h.begin(s);
    if (o < 0) return h.last(o);
    const m = h.memory;
    // Every slot holds the id this instance last wrote (its offset + 1 then: a block moved to a
    // copy carries its state along), or the block's own id before it first ran.
    const id = h.at + 1;
    const held = last === undefined ? id : last + 1;
    const started = m[o] !== 0;
    for (let k = 0; k < size; k++) {
      if (started && m[o + k] !== held) throw new Error(`sentinel ${id}: slot ${k} holds ${m[o + k]}`);
      m[o + k] = id;
    }
    last = h.at;
    return h.end(o, 0);
  });
}

/** Renders `frames` frames in blocks of `block` and returns them (interleaved). */
export function renderFrames(rt: Runtime, frames: number, block = 128): Float32Array {
  const out = new Float32Array(frames * rt.channels);
  renderBlocks((b, n) => rt.render(b, n), out, rt.channels, block);
  return out;
}

/** {@link ramp} as a kernel: compiled into its signal's loop. */
export function kramp(rate: Param): Signal {
  return kernel('kramp', 1, [rate], (m, o, s, r) => {
    const p = m[o]!;
    const next = p + r * s.dt;
    m[o] = next - Math.floor(next);
    return p;
  });
}

/** The product of two inputs, as a stateless kernel. */
export function kmul(a: Param, b: Param): Signal {
  return mapKernel('kmul', [a, b], (m, o, s, x, y) => x * y);
}

/** The sum of two inputs, as a stateless kernel. */
export function kadd(a: Param, b: Param): Signal {
  return mapKernel('kadd', [a, b], (m, o, s, x, y) => x + y);
}

/** A stateless kernel that returns NaN from frame `at` on (a compiled signal that misbehaves). */
export function knan(at: number): Signal {
  return mapKernel('knan', [], (m, o, s) => (s.frame >= at ? NaN : 0));
}

/** A stateless kernel that throws at frame `at`. */
export function kthrow(at: number): Signal {
  return mapKernel('kthrow', [], (m, o, s) => {
    if (s.frame === at) throw new Error(`kthrow at ${at}`);
    return 0;
  });
}

/**
 * {@link sentinel} as a kernel, so that it is compiled into its signal's loop:
 * it stamps its slots with its state offset + 1 and throws if any lost the
 * stamp it last wrote (a block moved to a copy carries that stamp along).
 */
export function ksentinel(size: number): Signal {
  let last: number | undefined;
  return kernel('ksentinel', size, [], (m, o) => {
    const id = o + 1;
    const held = last === undefined ? id : last + 1;
    const started = size > 0 && m[o] !== 0;
    for (let k = 0; k < size; k++) {
      if (started && m[o + k] !== held) throw new Error(`ksentinel ${id}: slot ${k} holds ${m[o + k]}`);
      m[o + k] = id;
    }
    last = o;
    return 0;
  });
}
