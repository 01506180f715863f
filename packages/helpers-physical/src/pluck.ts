import { hash, kernel, lineLength, type ChannelInit, type KernelStep, type Param, type Signal, type Gain, type Hz } from '@aither/core';

/** Longest string period kept, seconds: 20 Hz is the lowest pitch. */
const LONGEST = 1 / 20;

/**
 * Karplus–Strong plucked string. On each rising `trigger` (and at the start)
 * the delay line is filled with a burst of seeded noise; the loop then
 * averages adjacent samples (a gentle low-pass) and scales by `decay`, so the
 * burst rings at `freq` and fades like a string. Line length is
 * `sr/freq − 0.5` samples (the average delays half a sample), interpolated.
 *
 * @param freq - pitch in Hz, 20 .. sr/4 (read at each pluck).
 * @param trigger - plucks when it rises above 0 (default: only once, at the start).
 * @param decay - loop gain per period, 0..1 (0.996 ≈ a few seconds at 220 Hz).
 * @example
 * ```ts
 * play('harp', pluck(220, trigger(clock(120)), 0.995));
 * ```
 */
export function pluck(freq: Param<Hz>, trigger: Param = 0, decay: Gain = 0.996): Signal {
  // [previous trigger, write index, period in samples, rng (xorshift32, signed), armed, line of lineLength(LONGEST, sr) slots]
  const init: ChannelInit = (m, o, channel, key) => {
    m[o + 3] = hash(`${key}:${channel}`) | 0; // as pluckRefill keeps it
    m[o + 4] = 1; // pluck at once
  };
  // Slots 0-1 are only read at literal offsets: the compiler may hold them in locals (see KernelOptions).
  // Slots 2-4 stay in memory: pluckRefill, a called function, writes them.
  return kernel('pluck', (sr) => 5 + lineLength(LONGEST, sr), [trigger, freq, decay], pluckStep, { init, uses: { lineLength, LONGEST, pluckRefill }, registers: 2 });
}

/**
 * A pluck of {@link pluck}'s string, when `go`: the period read from `freq`, and the line filled
 * with the next `lineLength(LONGEST, sr)` values of the channel's seeded noise. Called every frame, and
 * returns at once unless it plucks.
 *
 * Why a call every frame, and not a branch of the step: the compiler writes a step into its
 * loop several times (steady into the mix, steady to the output, fading) and V8 keeps type
 * feedback per copy, so a refill written in would have run only in the copy that played
 * the first pluck. Its first run in another copy (a trigger 10 s in) then meets V8 without
 * feedback and deoptimises the loop, which then boxes doubles until V8 optimises it again:
 * GCs on the audio thread (docs/performance.md). A function called every frame has one
 * feedback of its own, warm from the first pluck, wherever it is called from (the step calls
 * it inside an expression, so that it is called, not written in).
 */
function pluckRefill(m: Float64Array, o: number, go: boolean, f: number, sr: number): void {
  if (!go) return;
  const len = lineLength(LONGEST, sr);
  const line = o + 5;
  // xorshift32, its state kept as a signed 32-bit integer (the same bits as unsigned): every
  // value V8 meets on this line is then one, whichever seed ran first.
  let x = m[o + 3]! | 0;
  for (let i = 0; i < len; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    m[line + i] = (x >>> 0) / 2147483648 - 1;
  }
  m[o + 3] = x;
  m[o + 2] = Math.min(Math.max(sr / Math.max(f, 20) - 0.5, 2), len - 2);
  m[o + 4] = 0;
}

// V8 gives a function type feedback only after it has run a while (lazy feedback allocation):
// a string's first pluck, at its first frame, would leave pluckRefill's code without any, and
// the next pluck, seconds later, would deoptimise the loop it is inlined into. Plucking a
// scratch string at load gives it feedback of every kind of call before any string plays.
const scratch = new Float64Array(5 + lineLength(LONGEST, 48000));
for (let i = 0; i < 16; i++) pluckRefill(scratch, 0, true, i % 2 === 0 ? 220 : 220.5, 48000);

/** One frame of {@link pluck} (captures nothing: one function for every instance). */
const pluckStep: KernelStep = (m, o, s, t, f, decay) => {
  const len = lineLength(LONGEST, s.sr);
  const line = o + 5;
  // Every comparison made every frame: one first made at the first trigger would meet V8 without type feedback.
  const rising = t > 0;
  const armed = m[o]! <= 0;
  const first = m[o + 4] === 1;
  // Called, not written in: a call inside an expression (kept one by a minifier's syntax pass,
  // which joins it with the next statement, `pluckRefill(...), m[o] = t`).
  void pluckRefill(m, o, (rising && armed) || first, f, s.sr);
  m[o] = t;
  const w = m[o + 1]!;
  // Read the sample one period back (interpolated) and the one before it at the same fraction:
  // core's `tap` read twice (at `period` and `period + 1`) would round `w − (period + 1)` on its
  // own, and differ from this in the last bit in about 0.3 % of reads.
  // `w − period + len` rounds up to `len` itself when `w − period` is a hair below 0: that
  // position is index 0, not the slot after the line. Both candidates are computed every frame.
  const back = w - m[o + 2]!;
  const r = back < 0 ? back + len : back;
  const whole = Math.floor(r);
  const wrapped = whole - len;
  const i = whole >= len ? wrapped : whole;
  const frac = r - whole;
  const i1 = i + 1 === len ? 0 : i + 1;
  const a = m[line + i]!;
  const b = m[line + i1]!;
  const y = a + (b - a) * frac;
  const prev = m[line + (i === 0 ? len - 1 : i - 1)]!;
  const older = prev + (a - prev) * frac;
  m[line + w] = decay * 0.5 * (y + older);
  m[o + 1] = w + 1 === len ? 0 : w + 1;
  return y;
};
