// Envelopes, measured: segment times and levels of adsr and decay beside their definitions, at 44.1, 48 and 96 kHz.
import type { Param, Signal } from '@aither/core';
import { adsr, decay, phasor } from './index.js';
import { always, checkTable, peak, type Row } from './table-support.js';
import { probe } from './test-support.js';

const A = 0.01;
const D = 0.02;
const SUSTAIN = 0.5;
const R = 0.05;
const ON = 1000;

/** adsr(A, D, SUSTAIN, R) on a gate held from frame ON for `held` s, rendered for `seconds`. */
function envelope(sr: number, held: number, seconds = 0.3, gate?: (frame: number) => number): Float32Array {
  const off = ON + Math.round(held * sr);
  const g = gate ?? ((f: number) => (f >= ON && f < off ? 1 : 0));
  return probe(() => adsr((s) => g(s.frame), A, D, SUSTAIN, R), ON + Math.round(seconds * sr), { sampleRate: sr })[0]!;
}

/** First frame at or after `from` whose value passes `test`. */
function first(y: ArrayLike<number>, from: number, test: (v: number) => boolean): number {
  for (let i = from; i < y.length; i++) if (test(y[i]!)) return i;
  return -1;
}

/** The level on frame ON + k of the attack is (k + 1)/(A·sr): the first step lands on the gate's first frame. */
const attackFrames = (sr: number) => first(envelope(sr, 0.1), ON, (v) => v === 1) - ON + 1;
const decayFrames = (sr: number) => {
  const y = envelope(sr, 0.1);
  const top = first(y, ON, (v) => v === 1);
  return first(y, top, (v) => v === SUSTAIN) - top;
};
const releaseFrames = (sr: number, held: number) => {
  const off = ON + Math.round(held * sr);
  return first(envelope(sr, held), off, (v) => v === 0) - off + 1;
};

const level = (build: () => Signal, sr: number, at: number) => probe(build, at + 1, { sampleRate: sr })[0]![at]!;

const TABLE: Row[] = [
  { helper: 'adsr', what: 'attack (a = 10 ms): frames from the gate to level 1', measure: attackFrames, reference: (sr) => A * sr, tolerance: always(1) },
  {
    helper: 'adsr',
    what: 'attack: largest distance from the straight line k/(a·sr)',
    measure: (sr) => {
      const y = envelope(sr, 0.1);
      let worst = 0;
      for (let k = 0; k < A * sr - 1; k++) worst = Math.max(worst, Math.abs(y[ON + k]! - (k + 1) / (A * sr)));
      return worst;
    },
    reference: always(0),
    tolerance: always(1e-6),
  },
  { helper: 'adsr', what: 'decay (d = 20 ms): frames from level 1 to the sustain', measure: decayFrames, reference: (sr) => D * sr, tolerance: always(1) },
  {
    helper: 'adsr',
    what: 'sustain: level held 50 ms into it (exact)',
    measure: (sr) => envelope(sr, 0.1)[ON + Math.round(0.08 * sr)]!,
    reference: always(SUSTAIN),
    tolerance: always(0),
  },
  {
    helper: 'adsr',
    what: "release (r = 50 ms) from the sustain: frames from the gate's end to 0",
    measure: (sr) => releaseFrames(sr, 0.1),
    reference: (sr) => R * sr,
    tolerance: always(1),
  },
  {
    helper: 'adsr',
    what: 'release from mid-attack (level 0.5): frames to 0, the same r',
    measure: (sr) => releaseFrames(sr, A / 2),
    reference: (sr) => R * sr,
    tolerance: always(1),
  },
  {
    helper: 'adsr',
    what: 'a new gate mid-release restarts the attack from the current level L: frames to 1 = (1 − L)·a·sr',
    measure: (sr) => {
      const again = ON + Math.round(0.1 * sr) + Math.round(0.5 * R * sr); // halfway down the release: L ≈ 0.25
      const y = envelope(sr, 0.1, 0.3, (f) => ((f >= ON && f < ON + Math.round(0.1 * sr)) || f >= again ? 1 : 0));
      const from = y[again - 1]!;
      return first(y, again, (v) => v === 1) - again + 1 - (1 - from) * A * sr;
    },
    reference: always(0),
    tolerance: always(1),
  },
  {
    helper: 'adsr',
    what: 'the restart does not jump: largest step at the new gate, × a·sr (≤ one attack step)',
    measure: (sr) => {
      const again = ON + Math.round(0.1 * sr) + Math.round(0.5 * R * sr);
      const y = envelope(sr, 0.1, 0.3, (f) => ((f >= ON && f < ON + Math.round(0.1 * sr)) || f >= again ? 1 : 0));
      return Math.abs(y[again]! - y[again - 1]!) * A * sr;
    },
    reference: always(1),
    tolerance: always(1e-4),
    bound: true,
  },
  {
    helper: 'adsr',
    what: 'gate exactly 0.5 is not held (the doc: > 0.5): level after 50 ms',
    measure: (sr) => level(() => adsr(0.5, A, D, SUSTAIN, R), sr, sr / 20),
    reference: always(0),
    tolerance: always(0),
  },
  {
    helper: 'adsr',
    what: 'sustain 1.5 is clamped to 1 (the doc: 0..1): level after 50 ms',
    measure: (sr) => level(() => adsr(1, A, D, 1.5, R), sr, sr / 20),
    reference: always(1),
    tolerance: always(0),
  },
  { helper: 'adsr', what: 'range: largest |level| of a full envelope (0..1)', measure: (sr) => peak(envelope(sr, 0.1)), reference: always(1), tolerance: always(0), bound: true },

  // decay: y = e^(−input·rate); fed phasor(f), it falls to 1/e 1/(rate·f) s after each wrap.
  {
    helper: 'decay',
    what: 'decay(phasor(2), 8): frames from a wrap to 1/e, vs sr/(rate·f)',
    measure: (sr) => {
      const [y] = probe(() => decay(phasor(2), 8), sr, { sampleRate: sr });
      const wrap = sr / 2; // the second cycle starts here
      return first(y!, wrap, (v) => v <= Math.exp(-1)) - wrap;
    },
    reference: (sr) => sr / 16,
    tolerance: always(1),
  },
  {
    helper: 'decay',
    what: 'decay(phasor(2), 8) on a wrap: 1 (e^0)',
    measure: (sr) => probe(() => decay(phasor(2), 8), sr, { sampleRate: sr })[0]![sr / 2]!,
    reference: always(1),
    tolerance: (sr) => 1 - Math.exp(-16 / sr),
  }, // the phase there is 0, or short of it by a frame
  {
    helper: 'decay',
    what: 'decay(input, rate) vs e^(−input·rate), largest relative error (float32 output)',
    measure: (sr) => {
      let worst = 0;
      for (const [x, rate] of [
        [0.25, 4],
        [1, 0.5],
        [0.1, 30],
        [2, 3],
      ] as Array<[number, Param]>) {
        const v = level(() => decay(() => x as number, rate), sr, 1);
        worst = Math.max(worst, Math.abs(v / Math.exp(-(x as number) * (rate as number)) - 1));
      }
      return worst;
    },
    reference: always(0),
    tolerance: always(1.2e-7),
  },
];

checkTable('envelopes', TABLE);
