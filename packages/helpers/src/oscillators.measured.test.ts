// Oscillators, measured: each row renders a helper through the runtime and sets one figure
// beside its textbook reference, within a stated tolerance, at 44.1, 48 and 96 kHz.
import type { Signal } from '@aither/core';
import { osc, phasor, pulse, saw, sin, square, tri, wave } from './index.js';
import { always, checkTable, mean, peak, spectrum, type Row } from './table-support.js';
import { db, probe, rms, zeroCrossingHz } from './test-support.js';

/**
 * A periodic waveform's spectrum split in two: `y` holds exactly `cycles` periods, so harmonic h
 * sits in bin h·cycles while h·cycles < N/2; every other bin (but DC) can hold only aliases
 * (with `cycles` prime to N, no alias of a low harmonic lands on another harmonic's bin).
 */
function analyse(y: ArrayLike<number>, cycles: number) {
  const bins = spectrum(y);
  const harmonic = (h: number) => bins[h * cycles]!;
  let alias = 0;
  for (let k = 1; k < bins.length; k++) if (k % cycles !== 0) alias = Math.max(alias, bins[k]!);
  return { harmonic, worstAliasDb: db(alias / harmonic(1)) };
}

/** `n` samples of `build()` rendered at `sr`, after the first `skip`. */
function take(build: () => Signal, sr: number, n: number, skip = 1024): Float32Array {
  const [y] = probe(build, n + skip, { sampleRate: sr });
  return y!.subarray(skip);
}

/** 5 kHz holds a whole number of periods in sr/gcd(sr, 5000) samples: 441 at 44.1 kHz (50 periods), 48 at 48 kHz, 96 at 96 kHz (5). */
function at5k(sr: number): { n: number; cycles: number } {
  const g = sr % 5000 === 0 ? 5000 : sr === 44100 ? 100 : 1000;
  return { n: sr / g, cycles: 5000 / g };
}

/** Textbook PolyBLEP (Välimäki & Huovilainen 2007), written out plainly, as the reference for saw and pulse. */
function polyBlep(t: number, dt: number): number {
  if (t < dt) {
    const x = t / dt;
    return x + x - x * x - 1;
  }
  if (t > 1 - dt) {
    const x = (t - 1) / dt;
    return x * x + x + x + 1;
  }
  return 0;
}

/** A reference oscillator of `shape(t, dt)` (t the phase in [0, 1)), as a session function. */
function reference(f: number, shape: (t: number, dt: number) => number): Signal {
  return (s) => {
    const t = ((f * s.frame) / s.sr) % 1;
    return shape(t, f / s.sr);
  };
}

const naiveTri = (t: number) => 1 - 4 * Math.abs(((t + 0.25) % 1) - 0.5);
const blepSaw = (t: number, dt: number) => 2 * t - 1 - polyBlep(t, dt);
const blepPulse = (w: number) => (t: number, dt: number) => (t < w ? 1 : -1) + polyBlep(t, dt) - polyBlep((t - w + 1) % 1, dt);

/** The analytic band-limited triangle: 8/π² Σ (−1)^((n−1)/2) sin(2πnft)/n² over odd n below Nyquist. */
function bandLimitedTri(f: number, sr: number, n: number): Float64Array {
  const y = new Float64Array(n);
  for (let h = 1; h * f < sr / 2; h += 2) {
    const a = ((h % 4 === 1 ? 1 : -1) * 8) / (Math.PI * Math.PI * h * h);
    for (let i = 0; i < n; i++) y[i] += a * Math.sin((2 * Math.PI * h * f * i) / sr);
  }
  return y;
}

const K = 8 / (Math.PI * Math.PI);
/** Level in dB, against `amplitude`, of the 441 Hz component of 1 s of `build()` (441 whole periods at every rate). */
function fundamentalDb(build: () => Signal, sr: number, amplitude: number): number {
  const y = take(build, sr, sr);
  let re = 0;
  let im = 0;
  for (let i = 0; i < y.length; i++) {
    re += y[i]! * Math.cos((2 * Math.PI * 441 * i) / sr);
    im += y[i]! * Math.sin((2 * Math.PI * 441 * i) / sr);
  }
  return db((2 * Math.hypot(re, im)) / y.length / amplitude);
}

const sinc = (x: number) => (x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x));

/**
 * tri at 40 frequencies from sr/400 to sr/5, each f = c·sr/2048 with c odd, so that 2048 samples
 * hold c whole periods and c is prime to 2048 (rendered once per rate, shared by the rows).
 */
const sweeps = new Map<number, Array<{ f: number; worstAliasDb: number; harmonic: (h: number) => number }>>();
function sweep(sr: number) {
  let list = sweeps.get(sr);
  if (!list) {
    const cs = [...new Set(Array.from({ length: 40 }, (_, i) => 2 * Math.round((5 * Math.pow(82, i / 39)) / 2) + 1))];
    list = cs.map((c) => ({
      f: (c * sr) / 2048,
      ...analyse(
        take(() => tri((c * sr) / 2048), sr, 2048),
        c,
      ),
    }));
    sweeps.set(sr, list);
  }
  return list;
}

/** Worst |dB| deviation over `points` of each odd harmonic below `below` Hz from 8/(π²n²)·response(n). */
function worstHarmonicDb(points: ReturnType<typeof sweep>, response: (n: number, p: { f: number }) => number, below: number): number {
  let worst = 0;
  for (const p of points) for (let n = 1; n * p.f < below; n += 2) worst = Math.max(worst, Math.abs(db(p.harmonic(n) / ((K / (n * n)) * response(n, p)))));
  return worst;
}

const TABLE: Row[] = [
  {
    helper: 'osc',
    what: 'pitch of osc(1000), Hz (zero crossings, 1 s)',
    measure: (sr) =>
      zeroCrossingHz(
        take(() => osc(1000), sr, sr),
        sr,
      ),
    reference: always(1000),
    tolerance: always(0.01),
  },
  { helper: 'osc', what: 'peak of osc(1000)', measure: (sr) => peak(take(() => osc(1000), sr, sr)), reference: always(1), tolerance: always(1e-4) },
  { helper: 'osc', what: 'DC of osc(1000), whole periods', measure: (sr) => mean(take(() => osc(1000), sr, sr)), reference: always(0), tolerance: always(1e-6) },
  {
    helper: 'sin',
    what: 'sin is osc: same samples (max difference)',
    measure: (sr) => {
      const a = take(() => osc(440), sr, 4800);
      return peak(take(() => sin(440), sr, 4800).map((v, i) => v - a[i]!));
    },
    reference: always(0),
    tolerance: always(0),
  },

  {
    helper: 'saw',
    what: 'pitch of saw(1000), Hz',
    measure: (sr) =>
      zeroCrossingHz(
        take(() => saw(1000), sr, sr),
        sr,
      ),
    reference: always(1000),
    tolerance: always(0.01),
  },
  { helper: 'saw', what: 'fundamental of saw(441), dB re 2/π', measure: (sr) => fundamentalDb(() => saw(441), sr, 2 / Math.PI), reference: always(0), tolerance: always(0.01) },
  {
    helper: 'saw',
    what: 'peak of saw(100): within [−1, 1], rounded at the edge by under f/sr·2',
    measure: (sr) => peak(take(() => saw(100), sr, sr)),
    reference: (sr) => 1 - 100 / sr,
    tolerance: (sr) => 100 / sr + 1e-6,
  },
  { helper: 'saw', what: 'DC of saw(1000), whole periods', measure: (sr) => mean(take(() => saw(1000), sr, sr)), reference: always(0), tolerance: always(1e-4) },
  {
    helper: 'saw',
    what: 'worst alias of saw(5000), dB re fundamental, vs textbook PolyBLEP',
    measure: (sr) =>
      analyse(
        take(() => saw(5000), sr, at5k(sr).n),
        at5k(sr).cycles,
      ).worstAliasDb,
    reference: (sr) =>
      analyse(
        take(() => reference(5000, blepSaw), sr, at5k(sr).n),
        at5k(sr).cycles,
      ).worstAliasDb,
    tolerance: always(0.1),
  },

  {
    helper: 'pulse',
    what: 'pitch of pulse(1000, 0.3), Hz',
    measure: (sr) =>
      zeroCrossingHz(
        take(() => pulse(1000, 0.3), sr, sr),
        sr,
      ),
    reference: always(1000),
    tolerance: always(0.01),
  },
  {
    helper: 'pulse',
    what: 'fundamental of pulse(441, 0.25), dB re (4/π)·sin(π/4)',
    measure: (sr) => fundamentalDb(() => pulse(441, 0.25), sr, (4 / Math.PI) * Math.sin(Math.PI / 4)),
    reference: always(0),
    tolerance: always(0.01),
  },
  {
    helper: 'pulse',
    what: 'DC of pulse(1000, 0.25), whole periods: 2·width − 1',
    measure: (sr) => mean(take(() => pulse(1000, 0.25), sr, sr)),
    reference: always(-0.5),
    tolerance: always(1e-4),
  },
  {
    helper: 'pulse',
    what: 'share of samples > 0 of pulse(100, 0.25): the width',
    measure: (sr) => take(() => pulse(100, 0.25), sr, sr).filter((v) => v > 0).length / sr,
    reference: always(0.25),
    tolerance: (sr) => 100 / sr,
  },
  {
    helper: 'pulse',
    what: 'worst alias of pulse(5000, 0.3), dB re fundamental, vs textbook PolyBLEP',
    measure: (sr) =>
      analyse(
        take(() => pulse(5000, 0.3), sr, at5k(sr).n),
        at5k(sr).cycles,
      ).worstAliasDb,
    reference: (sr) =>
      analyse(
        take(() => reference(5000, blepPulse(0.3)), sr, at5k(sr).n),
        at5k(sr).cycles,
      ).worstAliasDb,
    tolerance: always(0.1),
  },
  {
    helper: 'pulse',
    what: 'width 0 is kept at 0.001 (the doc): DC of pulse(1000, 0)',
    measure: (sr) => mean(take(() => pulse(1000, 0), sr, sr)),
    reference: always(2 * 0.001 - 1),
    tolerance: always(1e-4),
  },
  {
    helper: 'square',
    what: 'square(f) is pulse(f, 0.5): DC of square(1000)',
    measure: (sr) => mean(take(() => square(1000), sr, sr)),
    reference: always(0),
    tolerance: always(1e-4),
  },
  {
    helper: 'square',
    what: 'fundamental of square(441), dB re 4/π',
    measure: (sr) => fundamentalDb(() => square(441), sr, 4 / Math.PI),
    reference: always(0),
    tolerance: always(0.01),
  },

  {
    helper: 'tri',
    what: 'pitch of tri(1000), Hz',
    measure: (sr) =>
      zeroCrossingHz(
        take(() => tri(1000), sr, sr),
        sr,
      ),
    reference: always(1000),
    tolerance: always(0.01),
  },
  {
    helper: 'tri',
    what: 'pitch of tri(5000), Hz (the harmonic sum)',
    measure: (sr) =>
      zeroCrossingHz(
        take(() => tri(5000), sr, sr),
        sr,
      ),
    reference: always(5000),
    tolerance: always(0.01),
  },
  // The samples nearest a corner fall short of it by up to 2·f/sr in a naive triangle; PolyBLAMP takes at most f/(6·sr) more.
  {
    helper: 'tri',
    what: 'peak of tri(100): 1, less up to 13/6 of f/sr (the samples miss the corner)',
    measure: (sr) => peak(take(() => tri(100), sr, sr)),
    reference: (sr) => 1 - (13 / 12) * (100 / sr),
    tolerance: (sr) => (13 / 12) * (100 / sr) + 1e-6,
  },
  { helper: 'tri', what: 'RMS of tri(100): 1/√3', measure: (sr) => rms(take(() => tri(100), sr, sr)), reference: always(1 / Math.sqrt(3)), tolerance: always(1e-3) },
  { helper: 'tri', what: 'DC of tri(1000), whole periods', measure: (sr) => mean(take(() => tri(1000), sr, sr)), reference: always(0), tolerance: always(1e-4) },
  {
    helper: 'tri',
    what: 'tri(100) vs the analytic band-limited triangle, max |difference|',
    measure: (sr) => {
      const y = take(() => tri(100), sr, sr / 100);
      const r = bandLimitedTri(100, sr, sr / 100 + 1024).subarray(1024);
      return peak(y.map((v, i) => v - r[i]!));
    },
    reference: always(0),
    tolerance: (sr) => (0.6 * 100) / sr,
  },
  { helper: 'tri', what: 'fundamental of tri(441), dB re 8/π²', measure: (sr) => fundamentalDb(() => tri(441), sr, K), reference: always(0), tolerance: always(0.01) },
  {
    helper: 'tri',
    what: 'fundamental of tri(5000), dB re 8/π²',
    measure: (sr) =>
      db(
        analyse(
          take(() => tri(5000), sr, at5k(sr).n),
          at5k(sr).cycles,
        ).harmonic(1) / K,
      ),
    reference: always(0),
    tolerance: always(0.01),
  },
  {
    helper: 'tri',
    what: '3rd harmonic of tri(5000), dB re 8/(9π²)',
    measure: (sr) =>
      db(
        analyse(
          take(() => tri(5000), sr, at5k(sr).n),
          at5k(sr).cycles,
        ).harmonic(3) /
          (K / 9),
      ),
    reference: always(0),
    tolerance: always(0.01),
  },
  {
    helper: 'tri',
    what: 'worst alias of a naive triangle at 5 kHz, dB re fundamental (the figure before band-limiting)',
    measure: (sr) =>
      analyse(
        take(() => reference(5000, naiveTri), sr, at5k(sr).n),
        at5k(sr).cycles,
      ).worstAliasDb,
    reference: (sr) => db(sr === 96000 ? 1 / 121 : 1 / 25),
    tolerance: always(0.5), // the first harmonic past Nyquist: the 11th at 96 kHz, else the 5th
  },
  {
    helper: 'tri',
    what: 'worst alias of tri(5000), dB re fundamental (analytic band-limited: none)',
    measure: (sr) =>
      analyse(
        take(() => tri(5000), sr, at5k(sr).n),
        at5k(sr).cycles,
      ).worstAliasDb,
    reference: always(-50),
    tolerance: always(0),
    bound: true,
  },
  {
    helper: 'tri',
    what: 'worst alias of tri over 40 frequencies from sr/400 to sr/5, dB re fundamental',
    measure: (sr) => Math.max(...sweep(sr).map((p) => p.worstAliasDb)),
    reference: always(-50),
    tolerance: always(0),
    bound: true,
  },
  {
    helper: 'tri',
    what: 'harmonics of tri below sr/30 (PolyBLAMP): worst deviation from 8/(π²n²)·sinc²(n·f/sr), dB',
    measure: (sr) =>
      worstHarmonicDb(
        sweep(sr).filter((p) => p.f < sr / 30),
        (n, p) => sinc((n * p.f) / sr) ** 2,
        sr / 2,
      ),
    reference: always(0),
    tolerance: always(0.05),
  },
  {
    helper: 'tri',
    what: 'harmonics of tri from sr/20 up (the exact sum), below 0.45·sr: worst deviation from 8/(π²n²), dB',
    measure: (sr) =>
      worstHarmonicDb(
        sweep(sr).filter((p) => p.f >= sr / 20),
        () => 1,
        0.45 * sr,
      ),
    reference: always(0),
    tolerance: always(0.01),
  },

  { helper: 'phasor', what: 'range of phasor(3): max (below 1)', measure: (sr) => Math.max(...take(() => phasor(3), sr, sr)), reference: always(1), tolerance: always(0.001) },
  { helper: 'phasor', what: 'mean of phasor(3) over whole periods', measure: (sr) => mean(take(() => phasor(3), sr, sr)), reference: always(0.5), tolerance: (sr) => 3 / sr },
  {
    helper: 'wave',
    what: 'wave(4, [a, b, c, d]): samples off the table value of their quarter',
    measure: (sr) => {
      const table = [0.1, -0.2, 0.3, -0.4];
      const y = take(() => wave(4, table), sr, sr, 0);
      return y.filter((v, i) => Math.abs(v - table[Math.floor((i * 16) / sr) % 4]!) > 1e-6).length;
    },
    reference: always(0),
    tolerance: always(16),
  }, // a step may fall one sample late where the phase lands just short of it
];

checkTable('oscillators', TABLE);
