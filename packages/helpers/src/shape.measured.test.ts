// Shape, measured: transfer curves of tanh, softclip and fold, and the grids of hold and crush, at 44.1, 48 and 96 kHz.
import type { Signal } from '@aither/core';
import { crush, fold, hold, softclip, tanh } from './index.js';
import { always, checkTable, peak, type Row } from './table-support.js';
import { probe } from './test-support.js';

const FRAMES = 8192;

/** x(n) sweeping [−span, span] over FRAMES frames. */
const sweep =
  (span: number): Signal =>
  (s) =>
    -span + (2 * span * s.frame) / (FRAMES - 1);

/** Largest |output − reference(input)| of `shape` over the sweep (the output is float32, so the reference is rounded too). */
function transferError(shape: (x: Signal) => Signal, reference: (x: number) => number, span: number, sr: number): number {
  const [y] = probe(() => shape(sweep(span)), FRAMES, { sampleRate: sr });
  let worst = 0;
  for (let n = 0; n < FRAMES; n++) worst = Math.max(worst, Math.abs(y![n]! - Math.fround(reference(-span + (2 * span * n) / (FRAMES - 1)))));
  return worst;
}

/** Output of `shape` for the constant `x`. */
const at = (shape: (x: Signal) => Signal, x: number, sr: number) => probe(() => shape(() => x), 2, { sampleRate: sr })[0]![1]!;

/** The textbook fold: reflect v into [−1, 1] at its edges, as often as needed. */
function reflect(v: number): number {
  const f = (((v + 1) % 4) + 4) % 4;
  return f < 2 ? f - 1 : 3 - f;
}

const cubic = (v: number) => {
  const u = Math.max(-1, Math.min(1, v));
  return 1.5 * u - 0.5 * u * u * u;
};

/** Lengths of the runs of equal values in y[from ..), but the first and last. */
function runs(y: ArrayLike<number>, from = 0): number[] {
  const out: number[] = [];
  let start = from;
  for (let i = from + 1; i < y.length; i++) {
    if (y[i] !== y[i - 1]) {
      out.push(i - start);
      start = i;
    }
  }
  return out.slice(1);
}

const TABLE: Row[] = [
  {
    helper: 'tanh',
    what: 'tanh(x, 1) over x in [−3, 3] vs Math.tanh: largest error (float32 ulp near 1: 6e-8)',
    measure: (sr) => transferError((x) => tanh(x, 1), Math.tanh, 3, sr),
    reference: always(0),
    tolerance: always(6e-8),
  },
  {
    helper: 'tanh',
    what: 'tanh(x, 3) over x in [−3, 3] vs tanh(3x): largest error',
    measure: (sr) =>
      transferError(
        (x) => tanh(x, 3),
        (v) => Math.tanh(3 * v),
        3,
        sr,
      ),
    reference: always(0),
    tolerance: always(6e-8),
  },
  { helper: 'tanh', what: 'small-signal gain of tanh(x, 2): drive', measure: (sr) => at((x) => tanh(x, 2), 1e-4, sr) / 1e-4, reference: always(2), tolerance: always(1e-6) },
  {
    helper: 'tanh',
    what: 'tanh(x, 1) at x = ±1000: ±1 (never past it)',
    measure: (sr) => Math.max(Math.abs(at((x) => tanh(x, 1), 1000, sr)), Math.abs(at((x) => tanh(x, 1), -1000, sr))),
    reference: always(1),
    tolerance: always(0),
  },

  {
    helper: 'softclip',
    what: 'softclip(x, 1) over x in [−2, 2] vs 1.5u − 0.5u³, u = clamp(x): largest error',
    measure: (sr) => transferError((x) => softclip(x, 1), cubic, 2, sr),
    reference: always(0),
    tolerance: always(6e-8),
  },
  {
    helper: 'softclip',
    what: 'softclip(x, 3) over x in [−2, 2] vs the cubic of clamp(3x): largest error',
    measure: (sr) =>
      transferError(
        (x) => softclip(x, 3),
        (v) => cubic(3 * v),
        2,
        sr,
      ),
    reference: always(0),
    tolerance: always(6e-8),
  },
  {
    helper: 'softclip',
    what: 'peak over x in [−10, 10]: ±1',
    measure: (sr) => peak(probe(() => softclip(sweep(10), 1), FRAMES, { sampleRate: sr })[0]!),
    reference: always(1),
    tolerance: always(0),
  },
  {
    helper: 'softclip',
    what: 'small-signal gain of softclip(x, 1): 1.5 (+3.5 dB)',
    measure: (sr) => at((x) => softclip(x, 1), 1e-4, sr) / 1e-4,
    reference: always(1.5),
    tolerance: always(1e-5),
  },

  {
    helper: 'fold',
    what: 'fold(x, 1) over x in [−1, 1]: unchanged (largest |y − x|)',
    measure: (sr) =>
      transferError(
        (x) => fold(x, 1),
        (v) => v,
        1,
        sr,
      ),
    reference: always(0),
    tolerance: always(6e-8),
  },
  {
    helper: 'fold',
    what: 'fold(x, 3) over x in [−3, 3] vs 3x reflected into [−1, 1]: largest error',
    measure: (sr) =>
      transferError(
        (x) => fold(x, 3),
        (v) => reflect(3 * v),
        3,
        sr,
      ),
    reference: always(0),
    tolerance: always(1e-6),
  },
  {
    helper: 'fold',
    what: 'peak of fold(x, 5) over x in [−3, 3]: 1',
    measure: (sr) => peak(probe(() => fold(sweep(3), 5), FRAMES, { sampleRate: sr })[0]!),
    reference: always(1),
    tolerance: always(1e-6),
  },

  {
    helper: 'hold',
    what: 'hold(x, 1000): longest run of one value, frames, vs sr/1000 (a period lasts ⌊⌋ or ⌈⌉ of it)',
    measure: (sr) => Math.max(...runs(probe(() => hold((s) => s.frame / s.sr, 1000), sr / 10, { sampleRate: sr })[0]!)),
    reference: (sr) => Math.ceil(sr / 1000),
    tolerance: always(0),
  },
  {
    helper: 'hold',
    what: 'hold(x, 1000): shortest run, frames',
    measure: (sr) => Math.min(...runs(probe(() => hold((s) => s.frame / s.sr, 1000), sr / 10, { sampleRate: sr })[0]!)),
    reference: (sr) => Math.floor(sr / 1000),
    tolerance: always(0),
  },
  {
    helper: 'hold',
    what: 'hold(x, 1000): values taken in 1 s',
    measure: (sr) => runs(probe(() => hold((s) => s.frame / s.sr, 1000), sr, { sampleRate: sr })[0]!).length + 2,
    reference: always(1000),
    tolerance: always(1),
  },
  {
    helper: 'crush',
    what: 'crush(x, 4, sr): every value a multiple of 2^−3 (largest distance, in steps)',
    measure: (sr) => {
      const y = probe(() => crush(sweep(1), 4, sr), FRAMES, { sampleRate: sr })[0]!;
      return Math.max(...Array.from(y, (v) => Math.abs(v * 8 - Math.round(v * 8))));
    },
    reference: always(0),
    tolerance: always(1e-6),
  },
  {
    helper: 'crush',
    what: 'crush(x, 4, sr): largest |y − x|, in steps (half a step)',
    measure: (sr) => {
      const y = probe(() => crush(sweep(1), 4, sr), FRAMES, { sampleRate: sr })[0]!;
      return Math.max(...Array.from(y, (v, n) => Math.abs(v - (-1 + (2 * n) / (FRAMES - 1))) * 8));
    },
    reference: always(0.5),
    tolerance: always(1e-5),
    bound: true,
  },
  {
    helper: 'crush',
    what: 'crush(x, 0, sr): bits clamped to 1 — values in {−1, 0, 1} (count of others)',
    measure: (sr) => probe(() => crush(sweep(2), 0, sr), FRAMES, { sampleRate: sr })[0]!.filter((v) => v !== -1 && v !== 0 && v !== 1).length,
    reference: always(0),
    tolerance: always(0),
  },
  {
    helper: 'crush',
    what: 'crush(x, 24, 8000): holds each value 1/8000 s (longest run, frames)',
    measure: (sr) => Math.max(...runs(probe(() => crush((s) => s.frame / s.sr, 24, 8000), sr / 10, { sampleRate: sr })[0]!)),
    reference: (sr) => Math.ceil(sr / 8000),
    tolerance: always(0),
  },
];

checkTable('shape', TABLE);
