import { kernel, type KernelStep, type Param, type Signal, type Hz, type Seconds } from '@aither/core';

/**
 * Partial ratios of a bell-like free bar (the first modes of a free–free
 * beam: 1, 2.756, 5.404, 8.933, 13.34) and their relative levels.
 */
const RATIOS = [1, 2.756, 5.404, 8.933, 13.34];
const LEVELS = [1, 0.6, 0.4, 0.25, 0.15];
const MODES = RATIOS.length;

/**
 * Modal bell: five two-pole resonators at inharmonic partials of `freq`,
 * struck by an impulse on each rising `trigger` (and at the start). Mode k
 * rings `y = 2r·cos(ω)·y1 − r²·y2 + x` with `r = e^(−1/(τ_k·sr))`, and higher
 * modes die faster (τ_k = decay / ratio_k^0.5). Each mode starts at 0.4 × its
 * level, so a strike peaks below 1.
 *
 * @param freq - fundamental in Hz, constant or signal (its value at each strike tunes the bell).
 * @param trigger - strikes when it rises above 0 (default: once, at the start).
 * @param decay - seconds for the fundamental to fall to 1/e (default 1.5).
 * @example
 * ```ts
 * play('chime', gain(bell(440, trigger(clock(30))), 0.3));
 * ```
 */
export function bell(freq: Param<Hz>, trigger: Param = 0, decay: Seconds = 1.5): Signal {
  // [previous trigger, per mode y1 and y2, armed, per mode b1, b2 and strike gain]
  // Slots 0-10 are only read at literal offsets: the compiler may hold them in locals (see KernelOptions).
  // Slots 11-26 stay in memory: bellStrike, a called function, writes them.
  return kernel('bell', 12 + 3 * MODES, [trigger, freq, decay], bellStep, { init: bellInit, uses: { bellStrike }, registers: 11 });
}

function bellInit(m: Float64Array, o: number): void {
  m[o + 11] = 1; // strike at once
}

/**
 * A strike of {@link bell}, when `go`: each mode's coefficients from `f` Hz (its frequency kept
 * below 0.45 × the rate) and `decay` seconds, and its strike gain. Called every frame, and
 * returns at once unless it strikes: a strike written into the step would first run in the
 * loop's steady copies long after V8 optimised it (a trigger seconds in), without type
 * feedback; a function called every frame has one feedback of its own, warm from the first
 * strike (as pluck's refill: docs/performance.md).
 */
function bellStrike(m: Float64Array, o: number, go: boolean, f: number, decay: number, sr: number): void {
  if (!go) return;
  m[o + 11] = 0;
  for (let k = 0; k < MODES; k++) {
    const w = (2 * Math.PI * Math.min(f * RATIOS[k]!, 0.45 * sr)) / sr;
    const r = Math.exp(-1 / ((decay / Math.sqrt(RATIOS[k]!)) * sr));
    const p = o + 12 + 3 * k;
    m[p] = 2 * r * Math.cos(w);
    m[p + 1] = -r * r;
    // An impulse of sin(ω) starts a ring of amplitude 1: scale by the mode's level.
    m[p + 2] = LEVELS[k]! * Math.sin(w) * 0.4;
  }
}

// V8 gives a function type feedback only after it has run a while (lazy feedback allocation):
// a bell's first strike, at its first frame, would leave bellStrike's code without any, and the
// next strike, seconds later, would deoptimise the loop it is inlined into. Striking a scratch
// bell at load gives it feedback of every kind of call before any bell plays.
const scratch = new Float64Array(12 + 3 * MODES);
for (let i = 0; i < 16; i++) bellStrike(scratch, 0, true, i % 2 === 0 ? 440 : 440.5, i % 2 === 0 ? 2 : 1.5, 48000);

/** One frame of {@link bell}: the five resonators written out, each at literal offsets (so their state can live in locals). */
const bellStep: KernelStep = (m, o, s, t, f, decay) => {
  // Every comparison made every frame: one first made at a later strike would meet V8 without type feedback.
  const rising = t > 0;
  const armed = m[o]! <= 0;
  const first = m[o + 11] === 1;
  const go = (rising && armed) || first;
  const strike = go ? 1 : 0;
  // Called, not written in: a call inside an expression (kept one by a minifier's syntax pass,
  // which joins it with the next statement, `bellStrike(...), m[o] = t`).
  void bellStrike(m, o, go, f, decay, s.sr);
  m[o] = t;
  const v0 = m[o + 12]! * m[o + 1]! + m[o + 13]! * m[o + 2]! + strike * m[o + 14]!;
  m[o + 2] = m[o + 1]!;
  m[o + 1] = v0;
  const v1 = m[o + 15]! * m[o + 3]! + m[o + 16]! * m[o + 4]! + strike * m[o + 17]!;
  m[o + 4] = m[o + 3]!;
  m[o + 3] = v1;
  const v2 = m[o + 18]! * m[o + 5]! + m[o + 19]! * m[o + 6]! + strike * m[o + 20]!;
  m[o + 6] = m[o + 5]!;
  m[o + 5] = v2;
  const v3 = m[o + 21]! * m[o + 7]! + m[o + 22]! * m[o + 8]! + strike * m[o + 23]!;
  m[o + 8] = m[o + 7]!;
  m[o + 7] = v3;
  const v4 = m[o + 24]! * m[o + 9]! + m[o + 25]! * m[o + 10]! + strike * m[o + 26]!;
  m[o + 10] = m[o + 9]!;
  m[o + 9] = v4;
  // Summed from 0, mode by mode, as a loop over the modes would (0 + −0 is 0).
  return 0 + v0 + v1 + v2 + v3 + v4;
};
