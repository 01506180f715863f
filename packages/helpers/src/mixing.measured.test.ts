// Mixing, measured: gain, the equal-power pan law, mix, share and parallel beside their definitions,
// at 44.1, 48 and 96 kHz.
import type { Signal } from '@aither/core';
import { compose, gain, mix, pan, parallel, share } from './index.js';
import { always, checkTable, type Row } from './table-support.js';
import { db, probe } from './test-support.js';

const X = 0.8;
const POSITIONS = Array.from({ length: 21 }, (_, i) => -1 + i / 10);

/** Left and right of pan(X, position) at `sr`, in a stereo runtime. */
function sides(position: number, sr: number): [number, number] {
  const [l, r] = probe(() => pan(() => X, position), 2, { sampleRate: sr, channels: 2 });
  return [l![1]!, r![1]!];
}

const value = (build: () => Signal, sr: number) => probe(build, 2, { sampleRate: sr })[0]![1]!;

const TABLE: Row[] = [
  { helper: 'gain', what: 'gain(x, 0.5), dB (the doc: ≈ −6)', measure: (sr) => db(value(() => gain(() => X, 0.5), sr) / X), reference: always(db(0.5)), tolerance: always(1e-6) },
  {
    helper: 'gain',
    what: 'gain(x, a) = a·x: largest error over a in −2 .. 2',
    measure: (sr) => Math.max(...[-2, -0.3, 0, 0.7, 2].map((a) => Math.abs(value(() => gain(() => 0.4, a), sr) - Math.fround(0.4 * a)))),
    reference: always(0),
    tolerance: always(0),
  },

  {
    helper: 'pan',
    what: 'left vs x·cos θ, θ = (p + 1)·π/4, over 21 positions: largest error',
    measure: (sr) => Math.max(...POSITIONS.map((p) => Math.abs(sides(p, sr)[0] - Math.fround(X * Math.cos(((p + 1) * Math.PI) / 4))))),
    reference: always(0),
    tolerance: always(6e-8),
  },
  {
    helper: 'pan',
    what: 'right vs x·sin θ over 21 positions: largest error',
    measure: (sr) => Math.max(...POSITIONS.map((p) => Math.abs(sides(p, sr)[1] - Math.fround(X * Math.sin(((p + 1) * Math.PI) / 4))))),
    reference: always(0),
    tolerance: always(6e-8),
  },
  {
    helper: 'pan',
    what: 'power L² + R² over 21 positions, dB re x² (equal power: 0)',
    measure: (sr) => Math.max(...POSITIONS.map((p) => Math.abs(10 * Math.log10((sides(p, sr)[0] ** 2 + sides(p, sr)[1] ** 2) / X ** 2)))),
    reference: always(0),
    tolerance: always(1e-6),
  },
  { helper: 'pan', what: 'centre: each side, dB re x (the doc: −3 dB)', measure: (sr) => db(sides(0, sr)[0] / X), reference: always(db(Math.SQRT1_2)), tolerance: always(1e-6) },
  { helper: 'pan', what: 'position 2 is clamped to 1: left', measure: (sr) => sides(2, sr)[0], reference: always(0), tolerance: always(1e-7) },
  {
    helper: 'pan',
    what: 'in a mono runtime, gain 1 at every position: largest |y − x|',
    measure: (sr) => Math.max(...POSITIONS.map((p) => Math.abs(value(() => pan(() => X, p), sr) - Math.fround(X)))),
    reference: always(0),
    tolerance: always(0),
  },

  {
    helper: 'mix',
    what: 'mix of 13 inputs (a tree of six-input sums) vs their sum',
    measure: (sr) => Math.abs(value(() => mix(...Array.from({ length: 13 }, (_, i) => 0.01 * (i + 1))), sr) - Math.fround(0.91)),
    reference: always(0),
    tolerance: always(6e-8),
  },
  { helper: 'mix', what: 'mix() of nothing: 0', measure: (sr) => value(() => mix(), sr), reference: always(0), tolerance: always(0) },
  {
    helper: 'share',
    what: 'a shared function read by three consumers: calls per frame',
    measure: (sr) => {
      let calls = 0;
      const counted = share(() => {
        calls++;
        return 0.1;
      });
      probe(() => mix(counted, counted, gain(counted, 2)), 1000, { sampleRate: sr });
      return calls / 1000;
    },
    reference: always(1),
    tolerance: always(0),
  },
  {
    helper: 'compose',
    what: 'compose(·0.5, +0.1)(0.4): left to right, (0.4·0.5) + 0.1',
    measure: (sr) =>
      value(
        () =>
          compose(
            (x) => gain(x, 0.5),
            (x) => mix(x, 0.1),
          )(() => 0.4),
        sr,
      ),
    reference: always(Math.fround(0.3)),
    tolerance: always(6e-8),
  },
  {
    helper: 'parallel',
    what: 'parallel(x, ·2, ·−0.5) = 1.5·x',
    measure: (sr) =>
      value(
        () =>
          parallel(
            () => 0.2,
            (x) => gain(x, 2),
            (x) => gain(x, -0.5),
          ),
        sr,
      ),
    reference: always(Math.fround(0.3)),
    tolerance: always(6e-8),
  },
];

checkTable('mixing', TABLE);
