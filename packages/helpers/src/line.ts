import type { ChannelInit } from '@aither/core';

/**
 * Reads a ring buffer `m[line .. line + len)` written at index `w`, `d`
 * samples back (fractional, 0 <= d <= len - 2), linearly interpolated.
 */
export function tap(m: Float64Array, line: number, len: number, w: number, d: number): number {
  let r = w - d;
  if (r < 0) r += len;
  const i = Math.floor(r);
  const frac = r - i;
  const a = m[line + i]!;
  const b = m[line + (i + 1 === len ? 0 : i + 1)]!;
  return a + (b - a) * frac;
}

/** Ring length that holds `seconds` at `sr` with room to interpolate. */
export function lineLength(seconds: number, sr: number): number {
  return Math.ceil(seconds * sr) + 2;
}

/** The write index and the length: the slots of a line block read only at literal offsets (see `registers`). */
export const LINE_REGISTERS = 2;

/**
 * The block of a delay-line helper: `[write index, len, line of len slots]`,
 * holding `maxSeconds` at the runtime's real rate. The length lives in the
 * block so that the step needs nothing of its instance.
 */
export function lineBlock(maxSeconds: number): { slots: (sr: number) => number; init: ChannelInit } {
  return {
    slots: (sr) => lineLength(maxSeconds, sr) + 2,
    init: (m, o, _channel, _key, sr) => {
      m[o + 1] = lineLength(maxSeconds, sr);
    },
  };
}
