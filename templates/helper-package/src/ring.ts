import { kernel, type KernelStep, type Param, type Signal } from '@aither/core';

/**
 * Ring modulation by a square carrier: `input × (+1 or −1)`, the sign flipping
 * every half cycle of `freq`, the carrier's phase moved by `shift` cycles.
 * The phase lives in the helper pool, so a reload continues it.
 *
 * @param input - the signal (or a constant).
 * @param freq - carrier frequency in Hz, constant or signal (default 30).
 * @param shift - carrier phase offset in cycles, −1..1, constant or signal (default 0).
 * @returns a signal in the range of `input`.
 * @example
 * ```ts
 * play('robot', gain(ring(saw(110), 30), 0.3));
 * ```
 */
export function ring(input: Param, freq: Param = 30, shift: Param = 0): Signal {
  return kernel('ring', 1, [input, freq, shift], ringStep);
}

// Module level, capturing nothing: one step for every instance, so a reload of
// unchanged code keeps its compiled loop.
const ringStep: KernelStep = (m, o, s, x, f, shift) => {
  const p = m[o]!;
  const next = p + f * s.dt;
  m[o] = next - Math.floor(next);
  // Wrapped by arithmetic that runs every frame, not by a branch only a negative
  // shift takes: that branch would first run long after the loop was optimised.
  const moved = p + shift;
  const wrapped = moved - Math.floor(moved);
  return wrapped < 0.5 ? x : -x;
};
