import type { ChannelInit } from '@aither/core';

/**
 * Reads a ring buffer `m[line .. line + len)` written at index `w`, `d`
 * samples back (fractional, 0 <= d <= len - 2), linearly interpolated.
 */
export function tap(m: Float64Array, line: number, len: number, w: number, d: number): number {
  const back = w - d;
  const r = back < 0 ? back + len : back;
  // `w − d + len` rounds up to `len` itself when `w − d` is a hair below 0 (d just above
  // an integer: 7 / 48000 · 48000 = 7.000000000000001): that position is index 0, not
  // the slot after the line. Both candidates are computed first (no late arithmetic).
  const whole = Math.floor(r);
  const wrapped = whole - len;
  const i = whole >= len ? wrapped : whole;
  const frac = r - whole;
  const a = m[line + i]!;
  const next = i + 1;
  const b = m[line + (next === len ? 0 : next)]!;
  return a + (b - a) * frac;
}

/** Ring length that holds `seconds` at `sr` with room to interpolate. */
export function lineLength(seconds: number, sr: number): number {
  return Math.ceil(seconds * sr) + 2;
}

/** The write index and the length: the slots of a line block read only at literal offsets (see `registers`). */
export const LINE_REGISTERS = 2;

/**
 * The block of a delay-line helper: `[write index, len, ...extra, line of len slots]`,
 * holding `maxSeconds` at the runtime's real rate. The length lives in the
 * block so that the step needs nothing of its instance; `extra` slots (read at
 * literal offsets, like the first two) hold a helper's own state.
 */
export function lineBlock(maxSeconds: number, extra = 0): { slots: (sr: number) => number; init: ChannelInit } {
  return {
    slots: (sr) => lineLength(maxSeconds, sr) + 2 + extra,
    init: (m, o, _channel, _key, sr) => {
      m[o + 1] = lineLength(maxSeconds, sr);
    },
  };
}
