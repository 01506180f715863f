import type { Runtime } from '@aither/core';

/** Renders `frames` frames in blocks of `block`; returns them interleaved. */
export function render(rt: Runtime, frames: number, block = 128): Float32Array {
  const out = new Float32Array(frames * rt.channels);
  const tmp = new Float32Array(block * rt.channels);
  for (let done = 0; done < frames; done += block) {
    const n = Math.min(block, frames - done);
    rt.render(tmp, n);
    out.set(tmp.subarray(0, n * rt.channels), done * rt.channels);
  }
  return out;
}

/** Channel `index` of interleaved audio with `channels` channels. */
export function channel(x: Float32Array, channels: number, index: number): Float32Array {
  const out = new Float32Array(x.length / channels);
  for (let i = 0; i < out.length; i++) out[i] = x[i * channels + index]!;
  return out;
}

/**
 * The first index where `a` and `b` differ, or -1 when they are identical to
 * the bit (`Object.is`: NaN equals NaN, 0 differs from -0). A length
 * difference counts at the shorter length.
 */
export function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (!Object.is(a[i], b[i])) return i;
  return a.length === b.length ? -1 : n;
}

/** The whole helper pool of `rt` (every helper's state, stamps and output rings). */
export function helperMemory(rt: Runtime): Float64Array {
  return rt.debug().helperPool.memory;
}

/** The compiled loop (or closure) the mixer runs for the first registered signal of `rt`. */
export function loopOf(rt: Runtime): unknown {
  return (rt.debug().mixer as unknown as { list: Array<{ run: unknown }> }).list[0]!.run;
}
