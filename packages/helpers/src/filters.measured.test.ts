import type { Param, Signal } from '@aither/core';
import { describe, expect, it } from 'vitest';
import { bandpassQ, bpf, dcblock, gain, highpass, highpassQ, hpf, ladder, lowpass, lowpassQ, lpf, notch, notchQ, slew } from './index.js';
import { db, goertzel, probe, zeroCrossingHz } from './test-support.js';

// The filters' documented levels, measured through the real runtime at 44.1,
// 48 and 96 kHz. One row per claim: what is measured, the figure, its
// reference (the analog prototype through the prewarped bilinear transform,
// which these designs realise exactly, unless the row says otherwise) and the
// tolerance. A linear filter is measured from its rendered impulse response
// (its DTFT at the frequency asked), a nonlinear one from a tone.

type Make = (x: Signal) => Signal;

/** The rendered impulse response of `make`, scaled back to a unit impulse. */
function impulse(make: Make, sr: number, seconds = 0.25, amp = 0.5): Float64Array {
  const [y] = probe(() => make((s) => (s.frame === 0 ? amp : 0)), Math.round(seconds * sr), { sampleRate: sr });
  return Float64Array.from(y!, (v) => v / amp);
}

/** |H(f)| in dB from an impulse response (its DTFT, by a rotating phasor). */
function dtftDb(h: Float64Array, sr: number, f: number): number {
  const w = (2 * Math.PI * f) / sr;
  const [c, s] = [Math.cos(w), Math.sin(w)];
  let re = 0;
  let im = 0;
  let pr = 1;
  let pi = 0;
  for (let n = 0; n < h.length; n++) {
    re += h[n]! * pr;
    im -= h[n]! * pi;
    [pr, pi] = [pr * c - pi * s, pr * s + pi * c];
  }
  return db(Math.hypot(re, im));
}

/** The frequency in [lo, hi] where the response crosses `target` dB (bisection in log frequency; monotone there). */
function crossing(h: Float64Array, sr: number, lo: number, hi: number, target: number): number {
  const rising = dtftDb(h, sr, hi) > dtftDb(h, sr, lo);
  for (let i = 0; i < 40; i++) {
    const mid = Math.sqrt(lo * hi);
    if (dtftDb(h, sr, mid) > target === rising) hi = mid;
    else lo = mid;
  }
  return Math.sqrt(lo * hi);
}

/** Gain in dB at `f` for a sine of `amp` (Goertzel over the last half second, whole cycles): for the nonlinear ladder. */
function toneDb(make: Make, sr: number, f: number, amp: number): number {
  const [y] = probe(() => make((s) => amp * Math.sin((2 * Math.PI * f * s.frame) / s.sr)), 2 * sr, { sampleRate: sr });
  return db((2 * goertzel(y!.subarray(sr + sr / 2), sr, f)) / amp);
}

/** From silence at res = 1: [frequency / cutoff, peak level] over the second second (rendered once per filter and rate). */
const oscillations = new Map<string, [number, number]>();
function selfOscillation(make: (x: Signal, fc: Param, res: Param) => Signal, sr: number, fc: number): [number, number] {
  const key = `${make.name} ${sr} ${fc}`;
  if (!oscillations.has(key)) {
    const [y] = probe(() => make(() => 0, fc, 1), 2 * sr, { sampleRate: sr });
    const tail = y!.subarray(sr);
    oscillations.set(key, [zeroCrossingHz(tail, sr) / fc, tail.reduce((m, v) => Math.max(m, Math.abs(v)), 0)]);
  }
  return oscillations.get(key)!;
}

/** At res = 1, driven at the cutoff by a sine of 1: the peak over the third second (rendered at 1/4, below the mixer's clip). */
function drivenPeak(make: (x: Signal, fc: Param, res: Param) => Signal, sr: number, fc: number): number {
  const [y] = probe(
    () =>
      gain(
        make((s) => Math.sin((2 * Math.PI * fc * s.frame) / s.sr), fc, 1),
        0.25,
      ),
    3 * sr,
    { sampleRate: sr },
  );
  return 4 * y!.subarray(2 * sr).reduce((m, v) => Math.max(m, Math.abs(v)), 0);
}

// References.
const warp = (sr: number, f: number, fc: number) => Math.tan((Math.PI * f) / sr) / Math.tan((Math.PI * fc) / sr);
/** |n2·s² + n1·s + n0| / |s² + k·s + 1| at s = jΩ, in dB. */
const second = (n2: number, n1: number, n0: number, k: number, w: number) => db(Math.hypot(n0 - n2 * w * w, n1 * w) / Math.hypot(1 - w * w, k * w));
const onePoleLow = (w: number) => db(1 / Math.hypot(1, w));
const onePoleHigh = (w: number) => db(w / Math.hypot(1, w));
/** The −3 dB bandwidth (Hz) of k·s/(s² + k·s + 1) at fc, its edges mapped back through the bilinear transform. */
function bandwidth(sr: number, fc: number, k: number): number {
  const t = Math.tan((Math.PI * fc) / sr);
  const edge = (w: number) => (sr / Math.PI) * Math.atan(w * t);
  return edge((Math.sqrt(k * k + 4) + k) / 2) - edge((Math.sqrt(k * k + 4) - k) / 2);
}
/** The compensated ladder, (1 + k)·G⁴/(1 + k·G⁴) with G = 1/(1 + jΩ), in dB. */
function ladderDb(k: number, w: number): number {
  const d = (1 + w * w) ** 4;
  const re = ((1 - w * w) ** 2 - 4 * w * w) / d;
  const im = (-4 * w * (1 - w * w)) / d;
  return db(((1 + k) * Math.hypot(re, im)) / Math.hypot(1 + k * re, k * im));
}

type Row = {
  helper: string;
  what: string;
  /** The measured figure at a sample rate. */
  measured: (sr: number) => number;
  reference: (sr: number) => number;
  tolerance: number;
  /** 'near': |measured − reference| ≤ tolerance; 'below': measured ≤ reference. */
  kind?: 'near' | 'below';
};

const FC = 1000;
const rows: Row[] = [];
const row = (r: Row) => rows.push(r);

// One-poles: −3.01 dB at every cutoff up to near Nyquist, 6 dB/octave.
for (const fc of [100, 1000, 10000, 18000]) {
  row({
    helper: 'lowpass',
    what: `−3 dB at a ${fc} Hz cutoff`,
    measured: (sr) =>
      dtftDb(
        impulse((x) => lowpass(x, fc), sr, 0.1),
        sr,
        fc,
      ),
    reference: () => db(Math.SQRT1_2),
    tolerance: 0.01,
  });
  row({
    helper: 'highpass',
    what: `−3 dB at a ${fc} Hz cutoff`,
    measured: (sr) =>
      dtftDb(
        impulse((x) => highpass(x, fc), sr, 0.1),
        sr,
        fc,
      ),
    reference: () => db(Math.SQRT1_2),
    tolerance: 0.01,
  });
}
row({
  helper: 'lowpass',
  what: 'gain at DC, cutoff 1 kHz (0 dB)',
  measured: (sr) =>
    dtftDb(
      impulse((x) => lowpass(x, FC), sr, 0.1),
      sr,
      0,
    ),
  reference: () => 0,
  tolerance: 0.001,
});
row({
  helper: 'highpass',
  what: 'gain at Nyquist, cutoff 1 kHz (0 dB)',
  measured: (sr) =>
    dtftDb(
      impulse((x) => highpass(x, FC), sr, 0.1),
      sr,
      sr / 2,
    ),
  reference: () => 0,
  tolerance: 0.001,
});
row({
  helper: 'lowpass',
  what: 'slope 2 → 4 kHz, cutoff 100 Hz (−6 dB/octave)',
  measured: (sr) => {
    const h = impulse((x) => lowpass(x, 100), sr, 0.2);
    return dtftDb(h, sr, 4000) - dtftDb(h, sr, 2000);
  },
  reference: (sr) => onePoleLow(warp(sr, 4000, 100)) - onePoleLow(warp(sr, 2000, 100)),
  tolerance: 0.01,
});
row({
  helper: 'highpass',
  what: 'slope 25 → 50 Hz, cutoff 1 kHz (+6 dB/octave)',
  measured: (sr) => {
    const h = impulse((x) => highpass(x, FC), sr, 0.2);
    return dtftDb(h, sr, 50) - dtftDb(h, sr, 25);
  },
  reference: (sr) => onePoleHigh(warp(sr, 50, FC)) - onePoleHigh(warp(sr, 25, FC)),
  tolerance: 0.01,
});

// dcblock: a 10 Hz high-pass, 0 dB across the audio band. slew: 63.2 % after its time constant.
row({
  helper: 'dcblock',
  what: '−3 dB frequency, Hz (nominal 10 Hz)',
  measured: (sr) => crossing(impulse(dcblock, sr, 0.5), sr, 2, 50, db(Math.SQRT1_2)),
  reference: () => 10,
  tolerance: 0.1,
});
row({
  helper: 'dcblock',
  what: 'gain at 1 kHz, dB (0 dB; its difference equation: +0.006 dB)',
  measured: (sr) => dtftDb(impulse(dcblock, sr, 0.5), sr, 1000),
  tolerance: 0.001,
  reference: (sr) => {
    const [R, c] = [Math.exp((-2 * Math.PI * 10) / sr), Math.cos((2 * Math.PI * 1000) / sr)];
    return db(Math.sqrt((2 - 2 * c) / (1 - 2 * R * c + R * R)));
  },
});
row({
  helper: 'dcblock',
  what: 'a constant 0.5 after 1 s',
  reference: () => 1e-6,
  tolerance: 0,
  kind: 'below',
  measured: (sr) => Math.abs(probe(() => dcblock(() => 0.5), sr, { sampleRate: sr })[0]!.at(-1)!),
});
for (const t of [0.01, 0.1]) {
  row({
    helper: 'slew',
    what: `fraction of a step reached after its time constant (${t} s)`,
    reference: () => 1 - Math.exp(-1),
    tolerance: 1e-4,
    measured: (sr) => probe(() => slew(() => 0.5, t), Math.round(t * sr), { sampleRate: sr })[0]!.at(-1)! / 0.5,
  });
}

// State-variable lpf/hpf/bpf/notch: damping k = 2·(1 − res).
const kOf = (res: number) => 2 * (1 - res);
for (const res of [0, 1 - Math.SQRT1_2, 0.9]) {
  const k = kOf(res);
  const label = res === 0 ? '0' : res === 0.9 ? '0.9' : '0.29 (Butterworth)';
  row({
    helper: 'lpf',
    what: `gain at cutoff, res ${label} (1/k)`,
    measured: (sr) =>
      dtftDb(
        impulse((x) => lpf(x, FC, res), sr),
        sr,
        FC,
      ),
    reference: () => db(1 / k),
    tolerance: 0.01,
  });
  row({
    helper: 'hpf',
    what: `gain at cutoff, res ${label} (1/k)`,
    measured: (sr) =>
      dtftDb(
        impulse((x) => hpf(x, FC, res), sr),
        sr,
        FC,
      ),
    reference: () => db(1 / k),
    tolerance: 0.01,
  });
  row({
    helper: 'bpf',
    what: `gain at the centre, res ${label} (0 dB)`,
    measured: (sr) =>
      dtftDb(
        impulse((x) => bpf(x, FC, res), sr),
        sr,
        FC,
      ),
    reference: () => 0,
    tolerance: 0.01,
  });
}
row({
  helper: 'lpf',
  what: 'slope 2 → 4 kHz, cutoff 100 Hz, res 0.5 (−12 dB/octave)',
  measured: (sr) => {
    const h = impulse((x) => lpf(x, 100, 0.5), sr, 0.2);
    return dtftDb(h, sr, 4000) - dtftDb(h, sr, 2000);
  },
  reference: (sr) => second(0, 0, 1, 1, warp(sr, 4000, 100)) - second(0, 0, 1, 1, warp(sr, 2000, 100)),
  tolerance: 0.01,
});
row({
  helper: 'hpf',
  what: 'slope 25 → 50 Hz, cutoff 1 kHz, res 0.5 (+12 dB/octave)',
  measured: (sr) => {
    const h = impulse((x) => hpf(x, FC, 0.5), sr, 0.2);
    return dtftDb(h, sr, 50) - dtftDb(h, sr, 25);
  },
  reference: (sr) => second(1, 0, 0, 1, warp(sr, 50, FC)) - second(1, 0, 0, 1, warp(sr, 25, FC)),
  tolerance: 0.01,
});
row({
  helper: 'bpf',
  what: '−3 dB bandwidth at res 0.5, Hz (k·cutoff, warped)',
  measured: (sr) => {
    const h = impulse((x) => bpf(x, FC, 0.5), sr);
    return crossing(h, sr, FC, 4 * FC, -3.0103) - crossing(h, sr, FC / 4, FC, -3.0103);
  },
  reference: (sr) => bandwidth(sr, FC, 1),
  tolerance: 1,
});
row({
  helper: 'bpf',
  what: 'gain at the centre, res 0.999 (the band floor 0.01/k, +14 dB)',
  measured: (sr) =>
    dtftDb(
      impulse((x) => bpf(x, FC, 0.999), sr, 4),
      sr,
      FC,
    ),
  reference: () => db(0.01 / kOf(0.999)),
  tolerance: 0.05,
});
row({
  helper: 'lpf',
  what: 'passband (DC), res 0.9 (0 dB)',
  measured: (sr) =>
    dtftDb(
      impulse((x) => lpf(x, FC, 0.9), sr),
      sr,
      0,
    ),
  reference: () => 0,
  tolerance: 0.001,
});
row({
  helper: 'hpf',
  what: 'passband (Nyquist), res 0.9 (0 dB)',
  measured: (sr) =>
    dtftDb(
      impulse((x) => hpf(x, FC, 0.9), sr),
      sr,
      sr / 2,
    ),
  reference: () => 0,
  tolerance: 0.001,
});
row({
  helper: 'notch',
  what: 'depth at the cutoff, res 0.5, dB',
  measured: (sr) =>
    dtftDb(
      impulse((x) => notch(x, FC, 0.5), sr),
      sr,
      FC,
    ),
  reference: () => -80,
  tolerance: 0,
  kind: 'below',
});
for (const f of [FC / 10, FC * 10]) {
  row({
    helper: 'notch',
    what: `gain at ${f} Hz, res 0.5`,
    measured: (sr) =>
      dtftDb(
        impulse((x) => notch(x, FC, 0.5), sr),
        sr,
        f,
      ),
    reference: (sr) => second(1, 0, 1, 1, warp(sr, f, FC)),
    tolerance: 0.01,
  });
}
row({
  helper: 'notch',
  what: '−3 dB width at res 0.5, Hz (k·cutoff, warped)',
  measured: (sr) => {
    const h = impulse((x) => notch(x, FC, 0.5), sr);
    return crossing(h, sr, FC, 4 * FC, -3.0103) - crossing(h, sr, FC / 4, FC, -3.0103);
  },
  reference: (sr) => bandwidth(sr, FC, 1),
  tolerance: 1,
});
row({
  helper: 'notch',
  what: 'res 1: gain at the cutoff (0 dB: zero width, the input passes)',
  measured: (sr) =>
    dtftDb(
      impulse((x) => notch(x, FC, 1), sr, 0.1),
      sr,
      FC,
    ),
  reference: () => 0,
  tolerance: 1e-6,
});
for (const [name, make, driven] of [
  ['lpf', lpf, 1.68],
  ['hpf', hpf, 1.94],
  ['bpf', bpf, 1.66],
] as const) {
  row({ helper: name, what: 'res 1, from silence: oscillation frequency / cutoff', measured: (sr) => selfOscillation(make, sr, FC)[0], reference: () => 1, tolerance: 0.01 });
  row({ helper: name, what: 'res 1, from silence: oscillation peak', measured: (sr) => selfOscillation(make, sr, FC)[1], reference: () => 0.5, tolerance: 0.025 });
  row({ helper: name, what: 'res 1, driven by a sine of 1 at the cutoff: settled peak', measured: (sr) => drivenPeak(make, sr, FC), reference: () => driven, tolerance: 0.05 });
}

// Biquads (q): damping k = 1/q.
row({
  helper: 'lowpassQ',
  what: 'gain at cutoff, q 0.7071 (Butterworth, −3 dB)',
  measured: (sr) =>
    dtftDb(
      impulse((x) => lowpassQ(x, FC), sr),
      sr,
      FC,
    ),
  reference: () => db(Math.SQRT1_2),
  tolerance: 0.01,
});
row({
  helper: 'lowpassQ',
  what: 'gain at cutoff, q 4 (q)',
  measured: (sr) =>
    dtftDb(
      impulse((x) => lowpassQ(x, FC, 4), sr),
      sr,
      FC,
    ),
  reference: () => db(4),
  tolerance: 0.01,
});
row({
  helper: 'lowpassQ',
  what: 'slope 2 → 4 kHz, cutoff 100 Hz (−12 dB/octave)',
  measured: (sr) => {
    const h = impulse((x) => lowpassQ(x, 100), sr, 0.2);
    return dtftDb(h, sr, 4000) - dtftDb(h, sr, 2000);
  },
  reference: (sr) => second(0, 0, 1, Math.SQRT2, warp(sr, 4000, 100)) - second(0, 0, 1, Math.SQRT2, warp(sr, 2000, 100)),
  tolerance: 0.01,
});
row({
  helper: 'highpassQ',
  what: 'gain at cutoff, q 0.7071 (Butterworth, −3 dB)',
  measured: (sr) =>
    dtftDb(
      impulse((x) => highpassQ(x, FC), sr),
      sr,
      FC,
    ),
  reference: () => db(Math.SQRT1_2),
  tolerance: 0.01,
});
row({
  helper: 'highpassQ',
  what: 'gain at cutoff, q 4 (q)',
  measured: (sr) =>
    dtftDb(
      impulse((x) => highpassQ(x, FC, 4), sr),
      sr,
      FC,
    ),
  reference: () => db(4),
  tolerance: 0.01,
});
row({
  helper: 'lowpassQ',
  what: 'passband (DC), q 4 (0 dB)',
  measured: (sr) =>
    dtftDb(
      impulse((x) => lowpassQ(x, FC, 4), sr),
      sr,
      0,
    ),
  reference: () => 0,
  tolerance: 0.001,
});
row({
  helper: 'highpassQ',
  what: 'slope 25 → 50 Hz, cutoff 1 kHz (+12 dB/octave)',
  measured: (sr) => {
    const h = impulse((x) => highpassQ(x, FC), sr, 0.2);
    return dtftDb(h, sr, 50) - dtftDb(h, sr, 25);
  },
  reference: (sr) => second(1, 0, 0, Math.SQRT2, warp(sr, 50, FC)) - second(1, 0, 0, Math.SQRT2, warp(sr, 25, FC)),
  tolerance: 0.01,
});
for (const q of [1, 8, 200]) {
  row({
    helper: 'bandpassQ',
    what: `gain at the centre, q ${q} (0 dB)`,
    measured: (sr) =>
      dtftDb(
        impulse((x) => bandpassQ(x, FC, q), sr, q > 100 ? 2 : 1),
        sr,
        FC,
      ),
    reference: () => 0,
    tolerance: 0.01,
  });
}
row({
  helper: 'bandpassQ',
  what: '−3 dB bandwidth at q 8, Hz (cutoff/q, warped)',
  measured: (sr) => {
    const h = impulse((x) => bandpassQ(x, FC, 8), sr);
    return crossing(h, sr, FC, 2 * FC, -3.0103) - crossing(h, sr, FC / 2, FC, -3.0103);
  },
  reference: (sr) => bandwidth(sr, FC, 1 / 8),
  tolerance: 0.5,
});
row({
  helper: 'notchQ',
  what: 'depth at the cutoff, q 2, dB',
  measured: (sr) =>
    dtftDb(
      impulse((x) => notchQ(x, FC, 2), sr),
      sr,
      FC,
    ),
  reference: () => -80,
  tolerance: 0,
  kind: 'below',
});
row({
  helper: 'notchQ',
  what: '−3 dB width at q 2, Hz (cutoff/q, warped)',
  measured: (sr) => {
    const h = impulse((x) => notchQ(x, FC, 2), sr);
    return crossing(h, sr, FC, 4 * FC, -3.0103) - crossing(h, sr, FC / 4, FC, -3.0103);
  },
  reference: (sr) => bandwidth(sr, FC, 1 / 2),
  tolerance: 1,
});
row({
  helper: 'notchQ',
  what: 'gain at 200 Hz, q 2',
  measured: (sr) =>
    dtftDb(
      impulse((x) => notchQ(x, FC, 2), sr),
      sr,
      200,
    ),
  reference: (sr) => second(1, 0, 1, 0.5, warp(sr, 200, FC)),
  tolerance: 0.01,
});

// Ladder: four prewarped one-poles, k = 4·res, output × (1 + k).
row({
  helper: 'ladder',
  what: 'gain at cutoff, res 0 (−12 dB)',
  measured: (sr) =>
    dtftDb(
      impulse((x) => ladder(x, FC, 0), sr, 0.25, 0.01),
      sr,
      FC,
    ),
  reference: () => db(0.25),
  tolerance: 0.01,
});
row({
  helper: 'ladder',
  what: 'slope 2 → 4 kHz, cutoff 500 Hz, res 0 (−24 dB/octave)',
  measured: (sr) => {
    const h = impulse((x) => ladder(x, 500, 0), sr, 0.2, 0.01);
    return dtftDb(h, sr, 4000) - dtftDb(h, sr, 2000);
  },
  reference: (sr) => ladderDb(0, warp(sr, 4000, 500)) - ladderDb(0, warp(sr, 2000, 500)),
  tolerance: 0.01,
});
row({
  helper: 'ladder',
  what: 'gain at cutoff, res 0.9 ((1 + k)/(4 − k), +21 dB)',
  measured: (sr) => toneDb((x) => ladder(x, FC, 0.9), sr, FC, 0.001),
  reference: () => db(4.6 / 0.4),
  tolerance: 0.05,
});
for (const res of [0.5, 0.99]) {
  row({
    helper: 'ladder',
    what: `passband (50 Hz), res ${res} (0 dB: compensated)`,
    measured: (sr) => toneDb((x) => ladder(x, FC, res), sr, 50, 0.01),
    reference: (sr) => ladderDb(4 * res, warp(sr, 50, FC)),
    tolerance: 0.02,
  });
}
row({ helper: 'ladder', what: 'res 1, from silence: oscillation frequency / cutoff', measured: (sr) => selfOscillation(ladder, sr, FC)[0], reference: () => 1, tolerance: 0.01 });
row({ helper: 'ladder', what: 'res 1, from silence: oscillation peak', measured: (sr) => selfOscillation(ladder, sr, FC)[1], reference: () => 0.59, tolerance: 0.03 });
row({ helper: 'ladder', what: 'res 1, driven by a sine of 1 at the cutoff: settled peak', measured: (sr) => drivenPeak(ladder, sr, FC), reference: () => 1.53, tolerance: 0.05 });

describe.each([44100, 48000, 96000])('filters measured at %i Hz', (sr) => {
  it.each(rows)('$helper: $what', ({ measured, reference, tolerance, kind = 'near' }) => {
    const [got, ref] = [measured(sr), reference(sr)];
    const line = `measured ${got.toFixed(4)}, reference ${ref.toFixed(4)}, tolerance ${kind === 'near' ? `±${tolerance}` : '(at most)'}`;
    if (kind === 'near') expect(Math.abs(got - ref), line).toBeLessThanOrEqual(tolerance);
    else expect(got, line).toBeLessThanOrEqual(ref);
  });
});
