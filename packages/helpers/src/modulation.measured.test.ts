import type { Signal } from '@aither/core';
import { describe, expect, it } from 'vitest';
import { chorus, tremolo, vibrato } from './index.js';
import { probe } from './test-support.js';

// The LFO effects measured against what their docs say, at three rates. Each
// row renders the helper offline and gives {measured, reference, tolerance}
// (`TABLE=1 npx vitest run <file>` prints each row's figures).

/** A track: values at times (seconds). */
interface Track {
  t: number[];
  v: number[];
}

function lowest(v: ArrayLike<number>): number {
  let low = Infinity;
  for (let i = 0; i < v.length; i++) low = Math.min(low, v[i]!);
  return low;
}
function highest(v: ArrayLike<number>): number {
  let high = -Infinity;
  for (let i = 0; i < v.length; i++) high = Math.max(high, v[i]!);
  return high;
}

/** Frequency of a periodic track, Hz: upward crossings of its mid-level, interpolated. */
function trackHz({ t, v }: Track): number {
  const mid = (highest(v) + lowest(v)) / 2;
  const ups: number[] = [];
  for (let i = 1; i < v.length; i++) {
    if (v[i - 1]! < mid && v[i]! >= mid) ups.push(t[i - 1]! + ((mid - v[i - 1]!) / (v[i]! - v[i - 1]!)) * (t[i]! - t[i - 1]!));
  }
  return (ups.length - 1) / (ups[ups.length - 1]! - ups[0]!);
}
const swing = ({ v }: Track) => (highest(v) - lowest(v)) / 2;
const centre = ({ v }: Track) => (highest(v) + lowest(v)) / 2;

/** Each measurement renders once per rate and arguments (several rows read it). */
const cache = new Map<string, unknown>();
function once<T>(key: string, make: () => T): T {
  if (!cache.has(key)) cache.set(key, make());
  return cache.get(key) as T;
}

/** Every sample of a channel from `from` seconds on. */
function samples(y: Float32Array, sr: number, from: number): Track {
  const t: number[] = [];
  const v: number[] = [];
  for (let n = Math.ceil(from * sr); n < y.length; n++) {
    t.push(n / sr);
    v.push(y[n]!);
  }
  return { t, v };
}

const F0 = 1000;
const ONE: Signal = () => 1;

/**
 * Pitch of a vibrato'd 1 kHz sine, semitones re 1 kHz, one value per period:
 * the time between rising zero crossings (interpolated), from `from` seconds.
 */
function pitchTrack(y: Float32Array, sr: number, from: number): Track {
  const crossings: number[] = [];
  for (let n = Math.ceil(from * sr) + 1; n < y.length; n++) {
    if (y[n - 1]! <= 0 && y[n]! > 0) crossings.push((n - 1 + -y[n - 1]! / (y[n]! - y[n - 1]!)) / sr);
  }
  const t: number[] = [];
  const v: number[] = [];
  for (let k = 1; k < crossings.length; k++) {
    t.push((crossings[k]! + crossings[k - 1]!) / 2);
    v.push(12 * Math.log2(1 / (crossings[k]! - crossings[k - 1]!) / F0));
  }
  return { t, v };
}

/** A vibrato'd 1 kHz sine, long enough for three LFO cycles after the line has filled. */
function vibratoPitch(rate: number, depth: number, sr: number): Track {
  return once(`vibrato ${rate} ${depth} ${sr}`, () => vibratoPitchOf(rate, depth, sr));
}
function vibratoPitchOf(rate: number, depth: number, sr: number): Track {
  const seconds = 0.1 + 3 / rate;
  const [y] = probe(() => vibrato((s) => Math.sin((2 * Math.PI * F0 * s.frame) / s.sr), rate, depth), Math.ceil(seconds * sr), { sampleRate: sr });
  return pitchTrack(y!, sr, 0.1);
}

/** Mean pitch over whole LFO cycles, Hz: the zero crossings over an exact number of cycles. */
function meanPitchHz(rate: number, sr: number): number {
  const cycles = 3;
  const from = 0.1;
  const [y] = probe(() => vibrato((s) => Math.sin((2 * Math.PI * F0 * s.frame) / s.sr), rate, 1), Math.ceil((from + cycles / rate + 0.01) * sr), { sampleRate: sr });
  const { t } = pitchTrack(y!, sr, from);
  // Periods whose midpoints fall within the cycles: their count over their span.
  const inside = t.filter((x) => x < from + cycles / rate);
  return (inside.length - 1) / (inside[inside.length - 1]! - inside[0]!);
}

/**
 * Chorus's delay, ms, on each channel: a ramp through it (mix 1) comes out as
 * the ramp `delay` seconds late. The ramp rises at 1/4 per second, so that it
 * stays within the output's ±1 for the 3 cycles.
 */
function chorusDelay(rate: number | ((s: { frame: number; sr: number }) => number), depth: number, sr: number, seconds = 0.05 + 3 / (rate as number)): [Track, Track] {
  return once(`chorus ${String(rate)} ${depth} ${sr}`, () => {
    const [l, r] = probe(() => chorus((s) => s.frame / s.sr / 4, rate, depth, 1), Math.ceil(seconds * sr), { sampleRate: sr, channels: 2 });
    return [l!, r!].map((y) => {
      const { t, v } = samples(y, sr, 0.05);
      return { t, v: v.map((x, i) => (t[i]! - 4 * x) * 1000) };
    }) as [Track, Track];
  });
}

/** A tremolo'd 1: its gain, every sample of `seconds`. */
const tremoloGain = (rate: number, depth: number, sr: number, seconds = 1) =>
  once(`tremolo ${rate} ${depth} ${sr} ${seconds}`, () => probe(() => tremolo(ONE, rate, depth), seconds * sr, { sampleRate: sr })[0]!);

/** How far `b`'s cycle is ahead of `a`'s, in cycles (0..1), from each one's phase at `hz`. */
function lead(a: Track, b: Track, hz: number): number {
  const phase = ({ t, v }: Track) => {
    let re = 0;
    let im = 0;
    const c = centre({ t, v });
    for (let i = 0; i < t.length; i++) {
      re += (v[i]! - c) * Math.cos(2 * Math.PI * hz * t[i]!);
      im += (v[i]! - c) * Math.sin(2 * Math.PI * hz * t[i]!);
    }
    return Math.atan2(re, im); // of a sine: 0 when it starts at its mid-level, rising
  };
  const cycles = (phase(b) - phase(a)) / (2 * Math.PI);
  return cycles - Math.floor(cycles);
}

interface Row {
  helper: string;
  what: string;
  measure: (sr: number) => number;
  reference: number;
  tolerance: number;
}

const TABLE: Row[] = [
  { helper: 'tremolo', what: 'rate 2, depth 0.8: lowest gain (1 − depth)', measure: (sr) => lowest(tremoloGain(2, 0.8, sr)), reference: 0.2, tolerance: 1e-4 },
  { helper: 'tremolo', what: 'rate 2, depth 0.8: highest gain', measure: (sr) => highest(tremoloGain(2, 0.8, sr)), reference: 1, tolerance: 1e-4 },
  { helper: 'tremolo', what: 'rate 2, depth 0.8: rate of the gain, Hz', measure: (sr) => trackHz(samples(tremoloGain(2, 0.8, sr, 2), sr, 0)), reference: 2, tolerance: 1e-3 },
  { helper: 'tremolo', what: 'rate 7, depth 0.3: lowest gain', measure: (sr) => lowest(tremoloGain(7, 0.3, sr)), reference: 0.7, tolerance: 1e-4 },
  ...(
    [
      [5, 1],
      [5, 0.5],
      [1, 1],
      [8, 0.25],
      [0.5, 0.75],
    ] as const
  ).flatMap(([rate, depth]): Row[] => [
    {
      helper: 'vibrato',
      what: `rate ${rate}, depth ${depth}: pitch swing, ± semitones (0.4 · depth)`,
      measure: (sr) => swing(vibratoPitch(rate, depth, sr)),
      reference: 0.4 * depth,
      tolerance: 0.002,
    },
    {
      helper: 'vibrato',
      what: `rate ${rate}, depth ${depth}: highest + lowest pitch, semitones (as far up as down)`,
      measure: (sr) => 2 * centre(vibratoPitch(rate, depth, sr)),
      reference: 0,
      tolerance: 0.002,
    },
    {
      helper: 'vibrato',
      what: `rate ${rate}, depth ${depth}: rate of the pitch swing, Hz`,
      measure: (sr) => trackHz(vibratoPitch(rate, depth, sr)),
      reference: rate,
      tolerance: 0.01 * rate,
    },
  ]),
  {
    helper: 'vibrato',
    what: 'rate 0.1 (under 0.25 Hz), depth 1: swing shrinks with the rate, ± semitones (0.4 · 0.1 / 0.25)',
    measure: (sr) => swing(vibratoPitch(0.1, 1, sr)),
    reference: 0.16,
    tolerance: 0.002,
  },
  { helper: 'vibrato', what: "rate 5, depth 1: mean pitch over whole cycles, Hz (the input's)", measure: (sr) => meanPitchHz(5, sr), reference: F0, tolerance: 0.05 },
  { helper: 'chorus', what: 'rate 2, depth 1: centre delay, ms', measure: (sr) => centre(chorusDelay(2, 1, sr)[0]), reference: 12, tolerance: 0.01 },
  { helper: 'chorus', what: 'rate 2, depth 1: delay swing, ± ms', measure: (sr) => swing(chorusDelay(2, 1, sr)[0]), reference: 4, tolerance: 0.01 },
  { helper: 'chorus', what: 'rate 2, depth 0.5: delay swing, ± ms', measure: (sr) => swing(chorusDelay(2, 0.5, sr)[0]), reference: 2, tolerance: 0.01 },
  { helper: 'chorus', what: 'rate 2, depth 1: rate of the sweep, Hz', measure: (sr) => trackHz(chorusDelay(2, 1, sr)[0]), reference: 2, tolerance: 0.01 },
  {
    helper: 'chorus',
    what: 'rate swept at audio rate (200 ± 100 Hz, at 400 Hz), depth 1: delay swing, ± ms (the LFO keeps its amplitude)',
    measure: (sr) => swing(chorusDelay((s) => 200 + 100 * Math.sin((2 * Math.PI * 400 * s.frame) / s.sr), 1, sr, 2)[0]),
    reference: 4,
    tolerance: 0.01,
  },
  {
    helper: 'chorus',
    what: "rate 2, depth 1: right channel's sweep ahead of the left's, cycles",
    measure: (sr) => {
      const [l, r] = chorusDelay(2, 1, sr);
      return lead(l, r, 2);
    },
    reference: 0.25,
    tolerance: 0.001,
  },
];

describe.each([44100, 48000, 96000])('modulation at %i Hz', (sr) => {
  it.each(TABLE)('$helper: $what', ({ helper, what, measure, reference, tolerance }) => {
    const measured = measure(sr);
    if (process.env.TABLE) console.log(`${sr} Hz | ${helper} | ${what} | ${measured} | ${reference} ± ${tolerance}`);
    expect(Math.abs(measured - reference)).toBeLessThanOrEqual(tolerance);
  });
});
