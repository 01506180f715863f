import { type ChannelInit, lineLength } from '@aither/core';

/**
 * Reads a doubled ring (see {@link writeDoubled}) `d` samples back
 * (fractional, 0 <= d <= len − 2) through a 4-point, 3rd-order Lagrange
 * interpolator: exact for any cubic through the four samples around the read
 * position, so a sine delayed by a fractional amount is far closer to the true
 * delayed sine than with linear interpolation (at 1 kHz, 48 kHz, over all
 * fractions, the error is 106 dB under the sine against 56). In the doubled
 * ring the four samples are always adjacent, from `m[line + ⌊w + len − d⌋ − 1]`
 * on, within the ring's `2·len + 2` slots: no index to wrap.
 */
export function tapCubic(m: Float64Array, line: number, len: number, w: number, d: number): number {
  const pos = w + len - d;
  const j = Math.floor(pos);
  const t = pos - j;
  const at = line + j;
  const xm = m[at - 1]!;
  const x0 = m[at]!;
  const x1 = m[at + 1]!;
  const x2 = m[at + 2]!;
  // Lagrange through t = −1, 0, 1, 2, in powers of t.
  const c1 = x1 - 0.5 * x0 - (1 / 3) * xm - (1 / 6) * x2;
  const c2 = 0.5 * (xm + x1) - x0;
  const c3 = (1 / 6) * (x2 - xm) + 0.5 * (x0 - x1);
  return ((c3 * t + c2) * t + c1) * t + x0;
}

/**
 * Writes `x` at index `w` of a doubled ring of `len` samples (`2·len + 2`
 * slots from `line`): at `w` and at `w + len`, so that any four consecutive
 * samples lie side by side. Enough for reads at least one sample back; see
 * {@link writeDoubledHead} for nearer ones.
 */
export function writeDoubled(m: Float64Array, line: number, len: number, w: number, x: number): void {
  const at = line + w;
  m[at] = x;
  m[at + len] = x;
}

/**
 * {@link writeDoubled}, and `x` once more at `w + len + 1`, where a read
 * within one sample of the write head (d < 1) looks for the sample after the
 * newest, which does not exist yet: it finds the newest again. That slot holds
 * the second copy of the oldest sample, which only such a read reaches. (The
 * last slot is read only at d = 0, with weight 0.)
 */
export function writeDoubledHead(m: Float64Array, line: number, len: number, w: number, x: number): void {
  const at = line + w;
  m[at] = x;
  m[at + len] = x;
  m[at + len + 1] = x;
}

/** Slots of a doubled ring of `len` samples (see {@link writeDoubled}): two copies, a spare for {@link writeDoubledHead}'s, and one read only with weight 0. */
export function doubledSlots(len: number): number {
  return 2 * len + 2;
}

/** The write index and the length: the slots of a line block read only at literal offsets (see `registers`). */
export const LINE_REGISTERS = 2;

/**
 * The block of a delay-line helper: `[write index, len, ...extra, line]`,
 * the line holding `maxSeconds` at the runtime's real rate: `len` slots, or
 * for a doubled ring (read by {@link tapCubic}) `2·len + 2`. The length lives
 * in the block so that the step needs nothing of its instance; `extra` slots
 * (read at literal offsets, like the first two) hold a helper's own state.
 */
export function lineBlock(maxSeconds: number, extra = 0, doubled = false): { slots: (sr: number) => number; init: ChannelInit } {
  return {
    slots: (sr) => (doubled ? doubledSlots(lineLength(maxSeconds, sr)) : lineLength(maxSeconds, sr)) + 2 + extra,
    init: (m, o, _channel, _key, sr) => {
      m[o + 1] = lineLength(maxSeconds, sr);
    },
  };
}
