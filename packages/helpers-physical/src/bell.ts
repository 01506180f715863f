import { defineHelper, type Param, type Signal, type Hz, type Seconds } from '@aither/core';

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
 * @param freq - fundamental in Hz (read at each strike).
 * @param trigger - strikes when it rises above 0 (default: once, at the start).
 * @param decay - seconds for the fundamental to fall to 1/e (default 1.5).
 * @example
 * ```ts
 * play('chime', gain(bell(440, trigger(clock(30))), 0.3));
 * ```
 */
export function bell(freq: Param<Hz>, trigger: Param = 0, decay: Seconds = 1.5): Signal {
  // [previous trigger, armed, then per mode: y1, y2, b1, b2, strike gain]
  const h = defineHelper('bell', 2 + 5 * MODES, (m, o) => {
    m[o + 1] = 1;
  });
  return (s) => {
    const o = h.begin(s);
    if (o < 0) return h.last(o);
    const m = h.memory;
    const t = typeof trigger === 'number' ? trigger : trigger(s);
    let strike = 0;
    if ((t > 0 && m[o]! <= 0) || m[o + 1] === 1) {
      strike = 1;
      m[o + 1] = 0;
      const f = typeof freq === 'number' ? freq : freq(s);
      for (let k = 0; k < MODES; k++) {
        const w = (2 * Math.PI * Math.min(f * RATIOS[k]!, 0.45 * s.sr)) / s.sr;
        const r = Math.exp(-1 / ((decay / Math.sqrt(RATIOS[k]!)) * s.sr));
        const p = o + 2 + 5 * k;
        m[p + 2] = 2 * r * Math.cos(w);
        m[p + 3] = -r * r;
        // An impulse of sin(ω) starts a ring of amplitude 1: scale by the mode's level.
        m[p + 4] = LEVELS[k]! * Math.sin(w) * 0.4;
      }
    }
    m[o] = t;
    let y = 0;
    for (let k = 0; k < MODES; k++) {
      const p = o + 2 + 5 * k;
      const v = m[p + 2]! * m[p]! + m[p + 3]! * m[p + 1]! + strike * m[p + 4]!;
      m[p + 1] = m[p]!;
      m[p] = v;
      y += v;
    }
    return h.end(o, y);
  };
}
