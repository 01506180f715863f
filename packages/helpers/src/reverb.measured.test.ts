import type { Signal } from '@aither/core';
import { describe, expect, it } from 'vitest';
import { reverb } from './index.js';
import { probe } from './test-support.js';

// The reverb measured against its doc, at three rates. Each row renders it
// offline (wet only) and gives {measured, reference, tolerance}
// (`TABLE=1 npx vitest run <file>` prints each row's figures).

const impulse: Signal = (s) => (s.frame === 0 ? 1 : 0);

/**
 * Decay time, seconds: Schroeder's backward-integrated energy of the impulse
 * response, its slope fitted between −5 and −35 dB (T30), extended to 60 dB.
 */
function t30(h: ArrayLike<number>, sr: number): number {
  const edc = new Float64Array(h.length);
  let sum = 0;
  for (let i = h.length - 1; i >= 0; i--) edc[i] = sum += h[i]! * h[i]!;
  let n = 0;
  let st = 0;
  let sv = 0;
  let stt = 0;
  let stv = 0;
  for (let i = 0; i < h.length; i++) {
    const v = 10 * Math.log10(edc[i]! / edc[0]!);
    if (v > -5 || v < -35) continue;
    const t = i / sr;
    n++;
    st += t;
    sv += v;
    stt += t * t;
    stv += t * v;
  }
  const slope = (n * stv - st * sv) / (n * stt - st * st);
  return -60 / slope;
}

/** The wet impulse response, 1.6 × rt60 long (the tail by then 96 dB down). */
const response = (rt60: number, damping: number, sr: number) => probe(() => reverb(impulse, rt60, damping, 1), Math.ceil(1.6 * rt60 * sr), { sampleRate: sr })[0]!;

/** Four one-pole low-passes at `hz` in series. */
function lows(h: Float32Array, hz: number, sr: number): Float64Array {
  const y = Float64Array.from(h);
  const c = 1 - Math.exp((-2 * Math.PI * hz) / sr);
  for (let pass = 0; pass < 4; pass++) {
    let l = 0;
    for (let i = 0; i < y.length; i++) y[i] = l += c * (y[i]! - l);
  }
  return y;
}

const DC = 0.01;
/** Wet gain at DC, dB: a constant input's mean level over the third second, relative to it. */
function dcGainDb(rt60: number, sr: number): number {
  const [y] = probe(() => reverb(() => DC, rt60, 0.3, 1), 3 * sr, { sampleRate: sr });
  let sum = 0;
  for (let i = 2 * sr; i < 3 * sr; i++) sum += y![i]!;
  return 20 * Math.log10(sum / sr / DC);
}

const held = new Map<number, { peak: number; last: number }>();
/** A constant 0.25 into a tail that never decays (rt60 1e9 s), 10 s: the largest |output| and the last second's mean, re the input. */
function heldDc(sr: number): { peak: number; last: number } {
  if (!held.has(sr)) held.set(sr, heldDcOf(sr));
  return held.get(sr)!;
}
function heldDcOf(sr: number): { peak: number; last: number } {
  const [y] = probe(() => reverb(() => 0.25, 1e9, 0.3, 1), 10 * sr, { sampleRate: sr });
  let peak = 0;
  let sum = 0;
  for (let i = 0; i < y!.length; i++) {
    peak = Math.max(peak, Math.abs(y![i]!));
    if (i >= 9 * sr) sum += y![i]!;
  }
  return { peak: peak / 0.25, last: sum / sr / 0.25 };
}

interface Row {
  what: string;
  measure: (sr: number) => number;
  reference: number;
  tolerance: number;
}

const TABLE: Row[] = [
  ...[0.5, 1, 2].map((rt60) => ({
    what: `rt60 ${rt60} s, damping 0: T30 decay time / rt60`,
    measure: (sr: number) => t30(response(rt60, 0, sr), sr) / rt60,
    reference: 1,
    tolerance: 0.01,
  })),
  {
    what: 'rt60 1 s: decay time below 200 Hz at damping 0.3 / at damping 0 (the lows keep rt60)',
    measure: (sr) => t30(lows(response(1, 0.3, sr), 200, sr), sr) / t30(lows(response(1, 0, sr), 200, sr), sr),
    reference: 1,
    tolerance: 0.02,
  },
  ...[0.5, 2, 5, 100, 1e9].map((rt60) => ({ what: `rt60 ${rt60} s: wet gain at DC, dB`, measure: (sr: number) => dcGainDb(rt60, sr), reference: 0, tolerance: 0.1 })),
  { what: "rt60 1e9 s, 10 s of DC: the last second's mean / the input", measure: (sr) => heldDc(sr).last, reference: 1, tolerance: 0.01 },
  // Bounded: the DC itself and, on top, the echo of the step that started it, which this tail keeps.
  { what: 'rt60 1e9 s, 10 s of DC: largest |output| / the input', measure: (sr) => heldDc(sr).peak, reference: 1, tolerance: 0.75 },
];

describe.each([44100, 48000, 96000])('reverb at %i Hz', (sr) => {
  it.each(TABLE)('$what', ({ what, measure, reference, tolerance }) => {
    const measured = measure(sr);
    if (process.env.TABLE) console.log(`${sr} Hz | reverb | ${what} | ${measured} | ${reference} ± ${tolerance}`);
    expect(Math.abs(measured - reference)).toBeLessThanOrEqual(tolerance);
  });
});
