/**
 * Delay lines for helper authors: a ring buffer in a helper's block, read
 * between samples. A step indexes its line at computed offsets, so a kernel
 * with a line declares `registers` (the slots before the line, read only at
 * literal offsets) and lists {@link tap} in its `uses`, which has it written
 * into the loop.
 */

/**
 * Samples a ring buffer of `seconds` needs at `sampleRate` Hz: `seconds · sampleRate`, rounded
 * up, and 2 more, so that {@link tap} can read the full delay and the sample beside it.
 *
 * @param seconds - the longest delay the line holds, in seconds (>= 0).
 * @param sampleRate - the runtime's rate in Hz (a kernel's `slots` and `init` are given it).
 * @returns the line's length in slots, at least 2.
 */
export function lineLength(seconds: number, sampleRate: number): number {
  return Math.ceil(seconds * sampleRate) + 2;
}

/**
 * Reads the ring buffer `m[line .. line + len)` `d` samples back from its
 * index `w`, linearly interpolated: `(1 − f)·x[i] + f·x[i − 1]` where `i` is
 * `w − ⌊d⌋` and `f` the fraction of `d`, both taken around the ring. `d = 0`
 * reads `m[line + w]` itself; a whole `d` reads a sample exactly. It never reads
 * outside the line for any `d` in `0 .. len − 2`, where `w − d + len` rounds up
 * to `len` itself (`d` a hair above a whole number: 7 / 48000 · 48000 is
 * 7.000000000000001) included: that position is index 0. Clamp `d` to that
 * range before the call.
 *
 * Written into a loop (list it in the kernel's `uses`), it computes every
 * candidate index each frame and picks one, so no arithmetic first runs late
 * (docs/helpers.md, *Rules of the hot path*).
 *
 * @param m - the helper pool (the step's `m`).
 * @param line - the line's first slot, e.g. `o + 2`.
 * @param len - the line's length in slots (keep it in the block: see {@link lineLength}).
 * @param w - the write index, 0 .. len − 1: where this frame's sample was (or will be) written.
 * @param d - how far back, in samples (fractional), 0 .. len − 2.
 * @returns the interpolated sample.
 * @example
 * ```ts
 * // An echo: the input and, `seconds` later (up to MAX), half of it. Block: [write index, len, line].
 * const MAX = 0.5;
 * const echoStep = (m, o, s, x, seconds) => {
 *   const len = m[o + 1];
 *   const w = m[o];
 *   m[o + 2 + w] = x;
 *   const d = Math.min(Math.max(seconds * s.sr, 0), len - 2);
 *   m[o] = w + 1 === len ? 0 : w + 1;
 *   return x + 0.5 * tap(m, o + 2, len, w, d);
 * };
 * const echo = (x, seconds) =>
 *   kernel('echo', (sr) => 2 + lineLength(MAX, sr), [x, seconds], echoStep, {
 *     init: (m, o, channel, key, sr) => {
 *       m[o + 1] = lineLength(MAX, sr);
 *     },
 *     uses: { tap },
 *     registers: 2,
 *   });
 * // in a session: play('slap', echo(saw(110), 0.12));
 * ```
 */
export function tap(m: Float64Array, line: number, len: number, w: number, d: number): number {
  const back = w - d;
  const r = back < 0 ? back + len : back;
  const whole = Math.floor(r);
  const wrapped = whole - len;
  const i = whole >= len ? wrapped : whole;
  const frac = r - whole;
  const a = m[line + i]!;
  const next = i + 1;
  const b = m[line + (next === len ? 0 : next)]!;
  return a + (b - a) * frac;
}
