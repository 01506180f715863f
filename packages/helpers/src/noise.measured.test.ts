// Noise, measured: levels and spectra of noise and pink beside their references, at 44.1, 48 and 96 kHz.
import { createRuntime, type Signal } from '@aither/core';
import { gain, noise, pink } from './index.js';
import { always, checkTable, mean, spectrum, type Row } from './table-support.js';
import { probe, rms } from './test-support.js';

/**
 * Mean power density (dB) in octave bands from 50 Hz up to sr/2, Welch's method: 160 Hann-windowed
 * segments of 4096 samples averaged (each band then averages ≥ 700 estimates).
 */
function octaveBands(build: () => Signal, sr: number): Array<{ from: number; db: number }> {
  const n = 4096;
  const segments = 160;
  const [y] = probe(build, n * segments, { sampleRate: sr });
  const power = new Float64Array(n / 2 + 1);
  for (let s = 0; s < segments; s++) {
    const windowed = Float64Array.from(y!.subarray(s * n, (s + 1) * n), (v, i) => v * (0.5 - 0.5 * Math.cos((2 * Math.PI * i) / n)));
    spectrum(windowed).forEach((x, k) => {
      power[k] += x * x;
    });
  }
  const bands: Array<{ from: number; db: number }> = [];
  for (let from = 50; 2 * from <= sr / 2; from *= 2) {
    let sum = 0;
    let count = 0;
    for (let k = 0; k < power.length; k++) {
      const hz = (k * sr) / n;
      if (hz >= from && hz < 2 * from) {
        sum += power[k]!;
        count++;
      }
    }
    bands.push({ from, db: 10 * Math.log10(sum / count) });
  }
  return bands;
}

/** Least-squares slope (dB per octave) of the bands, and their largest distance from that line or from `slope` with its best offset. */
function fit(bands: Array<{ db: number }>, slope?: number): { slope: number; worst: number } {
  const xs = bands.map((_, i) => i);
  const mx = mean(xs);
  const my = mean(bands.map((b) => b.db));
  const fitted = xs.reduce((a, x, i) => a + (x - mx) * (bands[i]!.db - my), 0) / xs.reduce((a, x) => a + (x - mx) ** 2, 0);
  const k = slope ?? fitted;
  return { slope: fitted, worst: Math.max(...bands.map((b, i) => Math.abs(b.db - (my + k * (i - mx))))) };
}

const cached = new Map<string, unknown>();
function once<T>(key: string, make: () => T): T {
  if (!cached.has(key)) cached.set(key, make());
  return cached.get(key) as T;
}

/** pink(seed) over a minute, a quarter down (the runtime clips its output to ±1): peak and RMS at full level. */
function pinkMinute(sr: number): { peak: number; rms: number } {
  return once(`pink minute ${sr}`, () => {
    const rt = createRuntime({ sampleRate: sr, channels: 1 });
    rt.register('p', gain(pink(1), 0.25), { fadeSeconds: 0 });
    const out = new Float32Array(4096);
    let max = 0;
    let sum = 0;
    let n = 0;
    for (let done = 0; done < 60 * sr; done += out.length) {
      rt.render(out, out.length);
      for (const v of out) {
        max = Math.max(max, Math.abs(4 * v));
        sum += 16 * v * v;
        n++;
      }
    }
    return { peak: max, rms: Math.sqrt(sum / n) };
  });
}

/** Largest |r(k)|, k = 1 .. lags, of y (normalised autocorrelation). */
function autocorrelation(y: ArrayLike<number>, lags: number): number {
  const m = mean(y);
  let energy = 0;
  for (let i = 0; i < y.length; i++) energy += (y[i]! - m) ** 2;
  let worst = 0;
  for (let k = 1; k <= lags; k++) {
    let sum = 0;
    for (let i = k; i < y.length; i++) sum += (y[i]! - m) * (y[i - k]! - m);
    worst = Math.max(worst, Math.abs(sum / energy));
  }
  return worst;
}

/** The largest (sign 1) or smallest (sign −1) sample. */
function extreme(y: ArrayLike<number>, sign: 1 | -1): number {
  let best = -Infinity;
  for (let i = 0; i < y.length; i++) best = Math.max(best, sign * y[i]!);
  return sign * best;
}

const white = (sr: number) => once(`white ${sr}`, () => probe(() => noise(5), 4 * sr, { sampleRate: sr })[0]!);
const whiteBands = (sr: number) => once(`white bands ${sr}`, () => octaveBands(() => noise(3), sr));
const pinkBands = (sr: number) => once(`pink bands ${sr}`, () => octaveBands(() => pink(3), sr));

const TABLE: Row[] = [
  // White: uniform in [−1, 1): mean 0, variance 1/3, a flat spectrum.
  {
    helper: 'noise',
    what: 'mean over 4 s (tolerance 3σ of a mean of 4·sr samples)',
    measure: (sr) => mean(white(sr)),
    reference: always(0),
    tolerance: (sr) => 3 / Math.sqrt(3) / Math.sqrt(4 * sr),
  },
  { helper: 'noise', what: 'RMS over 4 s: 1/√3 (uniform in [−1, 1))', measure: (sr) => rms(white(sr)), reference: always(1 / Math.sqrt(3)), tolerance: always(0.001) },
  // The step's values lie in [−1 + 2^−31, 1 − 2^−31]; the float32 output rounds the extremes to ±1.
  {
    helper: 'noise',
    what: 'largest sample over 4 s: just below 1 (float32: 1 at most)',
    measure: (sr) => extreme(white(sr), 1),
    reference: always(1 - 5e-5),
    tolerance: always(5e-5),
  },
  { helper: 'noise', what: 'smallest sample over 4 s: −1 at most', measure: (sr) => extreme(white(sr), -1), reference: always(-1 + 5e-5), tolerance: always(5e-5) },
  // White means uncorrelated: r(k) of N samples then scatters by 1/√N about 0.
  {
    helper: 'noise',
    what: 'autocorrelation at lags 1 .. 16 over 4 s, largest |r(k)| (3/√N)',
    measure: (sr) => autocorrelation(white(sr), 16),
    reference: always(0),
    tolerance: (sr) => 3 / Math.sqrt(4 * sr),
  },
  // Each band's mean scatters by 4.3 dB/√(estimates), 0.1 to 0.25 dB here; the fitted slope by under 0.03 dB.
  { helper: 'noise', what: 'octave bands from 50 Hz: slope, dB/octave (flat)', measure: (sr) => fit(whiteBands(sr)).slope, reference: always(0), tolerance: always(0.1) },
  { helper: 'noise', what: 'octave bands from 50 Hz: largest distance from flat, dB', measure: (sr) => fit(whiteBands(sr), 0).worst, reference: always(0), tolerance: always(0.6) },

  // Pink (Voss–McCartney, 12 rows + a white sample, /4): RMS √(13/3)/4 = 0.520, at most 13/4 = 3.25.
  { helper: 'pink', what: 'RMS over a minute: √(13/48) (the doc: ≈ 0.52)', measure: (sr) => pinkMinute(sr).rms, reference: always(Math.sqrt(13 / 48)), tolerance: always(0.005) },
  { helper: 'pink', what: 'peak over a minute (the doc: about ±2.4)', measure: (sr) => pinkMinute(sr).peak, reference: always(2.4), tolerance: always(0.3) },
  { helper: 'pink', what: 'peak over a minute, bound (the doc: ±3.25 at most)', measure: (sr) => pinkMinute(sr).peak, reference: always(3.25), tolerance: always(0), bound: true },
  {
    helper: 'pink',
    what: 'octave bands from 50 Hz: slope, dB/octave (−10·log10 2)',
    measure: (sr) => fit(pinkBands(sr)).slope,
    reference: always(-10 * Math.log10(2)),
    tolerance: always(0.15),
  },
  // Voss–McCartney's staircase ripples about the line; its top octave falls a little faster.
  {
    helper: 'pink',
    what: 'octave bands from 50 Hz: largest distance from a −3.01 dB/octave line, dB',
    measure: (sr) => fit(pinkBands(sr), -10 * Math.log10(2)).worst,
    reference: always(0),
    tolerance: always(0.8),
  },
];

checkTable('noise', TABLE);
