// The measured tables' tools (not exported): a row type and its runner, and a DFT.
import { describe, expect, it } from 'vitest';
import { fft } from '@aither/core';

/** One measured figure of a helper beside its reference. */
export interface Row {
  helper: string;
  /** What is measured, and in what unit. */
  what: string;
  /** The figure measured at `sr`. */
  measure: (sr: number) => number;
  /** The textbook (or documented) figure. */
  reference: (sr: number) => number;
  /** Allowed |measured − reference|; with `bound`, the figure must not exceed reference + tolerance. */
  tolerance: (sr: number) => number;
  bound?: true;
}

export const always = (v: number) => () => v;

export const RATES = [44100, 48000, 96000];

/**
 * Checks every row of `table` at 44.1, 48 and 96 kHz. With TABLES=1 in the environment each
 * row also prints as a markdown line: | rate | helper | what | measured | reference | tolerance |.
 */
export function checkTable(title: string, table: readonly Row[]): void {
  describe.each(RATES)(`${title}, measured at %i Hz`, (sr) => {
    it.each(table.map((row) => [`${row.helper}: ${row.what}`, row] as const))('%s', (_, row) => {
      const measured = row.measure(sr);
      const reference = row.reference(sr);
      const tolerance = row.tolerance(sr);
      if (process.env.TABLES)
        console.log(`| ${sr} | ${row.helper} | ${row.what} | ${measured.toPrecision(6)} | ${reference.toPrecision(6)} | ${row.bound ? '≤ +' : '±'}${tolerance.toPrecision(2)} |`);
      expect(Number.isFinite(measured)).toBe(true);
      if (row.bound) expect(measured).toBeLessThanOrEqual(reference + tolerance);
      else expect(Math.abs(measured - reference)).toBeLessThanOrEqual(tolerance);
    });
  });
}

export function mean(y: ArrayLike<number>, from = 0, to = y.length): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += y[i]!;
  return sum / (to - from);
}

export function peak(y: ArrayLike<number>, from = 0, to = y.length): number {
  let max = 0;
  for (let i = from; i < to; i++) max = Math.max(max, Math.abs(y[i]!));
  return max;
}

/**
 * Magnitudes of bins 0 .. N/2 of the DFT of `y` (N = its length), scaled so that a
 * unit sine that completes a whole number of cycles in `y` reads 1 at its bin.
 * Radix-2 FFT when N is a power of two, the plain sum otherwise.
 */
export function spectrum(y: ArrayLike<number>): Float64Array {
  const n = y.length;
  const re = Float64Array.from(y);
  const im = new Float64Array(n);
  if (n > 0 && (n & (n - 1)) === 0) {
    fft(re, im);
  } else {
    const x = Float64Array.from(y);
    for (let k = 0; k <= n / 2; k++) {
      let r = 0;
      let q = 0;
      for (let i = 0; i < n; i++) {
        r += x[i]! * Math.cos((2 * Math.PI * k * i) / n);
        q -= x[i]! * Math.sin((2 * Math.PI * k * i) / n);
      }
      re[k] = r;
      im[k] = q;
    }
  }
  const out = new Float64Array(Math.floor(n / 2) + 1);
  for (let k = 0; k < out.length; k++) out[k] = ((k === 0 || 2 * k === n ? 1 : 2) * Math.hypot(re[k]!, im[k]!)) / n;
  return out;
}
