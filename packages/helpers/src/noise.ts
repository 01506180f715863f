import { hash, kernel, type KernelStep, type Signal } from '@aither/core';

/** xorshift32 step on a state kept as a double (always an unsigned 32-bit integer). */
function next(x: number): number {
  x ^= x << 13;
  x ^= x >>> 17;
  x ^= x << 5;
  return x >>> 0;
}

function seeder(seed: number | undefined) {
  return (m: Float64Array, o: number, channel: number, key: string) => {
    // Seeded from the block's stable key unless given: two noise() in a session differ,
    // and the same session gives the same samples on every sink and every run.
    m[o] = hash(`${seed ?? key}:${channel}`);
  };
}

/**
 * White noise, uniform in [-1, 1), from a seeded xorshift32 generator:
 * deterministic, and different per instance. A source, so mono: a stereo
 * signal hears the same noise in every channel (`pan(noise(), 0)` is centred);
 * for decorrelated stereo, pan two instances apart
 * (`mix(pan(noise(), -1), pan(noise(), 1))`).
 * @param seed - optional integer seed; by default derived from the helper's stable key.
 * @example `play('hiss', gain(noise(), 0.05))`
 */
export function noise(seed?: number): Signal {
  return kernel('noise', 1, [], noiseStep, { init: seeder(seed), uses: { next } });
}

const noiseStep: KernelStep = (m, o) => {
  const x = next(m[o]!);
  m[o] = x;
  return x / 2147483648 - 1;
};

const ROWS = 12;

/**
 * Pink noise (−3 dB/octave) by the Voss–McCartney method: 12 white sources,
 * source k renewed every 2^k samples, summed with a fresh white sample.
 * Level: RMS ≈ 0.52 (−5.7 dBFS); peaks pass ±1 (about ±2.4 over a minute,
 * ±3.25 at most), so scale it down (`gain(pink(), 0.3)`) before mixing. Seeded like {@link noise}.
 * @param seed - optional integer seed.
 * @example `play('wind', pipe(pink(), (x) => lowpass(x, 1200), (x) => gain(x, 0.3)))`
 */
export function pink(seed?: number): Signal {
  // [rng, counter, sum, rows...]
  return kernel('pink', 3 + ROWS, [], pinkStep, { init: seeder(seed), uses: { next }, registers: 3 });
}

function pinkStep(m: Float64Array, o: number): number {
  {
    let x = m[o]!;
    const count = (m[o + 1]! + 1) % 4096;
    m[o + 1] = count;
    let sum = m[o + 2]!;
    if (count !== 0) {
      // The row to renew: the number of trailing zeros of the counter.
      const row = 31 - Math.clz32(count & -count);
      x = next(x);
      const v = x / 2147483648 - 1;
      sum += v - m[o + 3 + row]!;
      m[o + 3 + row] = v;
    }
    x = next(x);
    m[o] = x;
    m[o + 2] = sum;
    return (sum + x / 2147483648 - 1) / 4;
  }
}
