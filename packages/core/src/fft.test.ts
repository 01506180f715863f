import { describe, expect, it } from 'vitest';
import { fft } from './fft.js';

/** The DFT of `x + i·y` by its definition. */
function dft(x: Float64Array, y: Float64Array): { re: Float64Array; im: Float64Array } {
  const n = x.length;
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    for (let j = 0; j < n; j++) {
      const c = Math.cos((2 * Math.PI * j * k) / n);
      const s = Math.sin((2 * Math.PI * j * k) / n);
      re[k] += x[j]! * c + y[j]! * s;
      im[k] += y[j]! * c - x[j]! * s;
    }
  }
  return { re, im };
}

describe('fft', () => {
  it('equals the DFT by definition (complex input), for every power of two up to 256', () => {
    for (let n = 1; n <= 256; n *= 2) {
      const x = Float64Array.from({ length: n }, (_, i) => Math.sin(i * 1.7) + 0.3 * Math.cos(i * i * 0.1));
      const y = Float64Array.from({ length: n }, (_, i) => Math.cos(i * 0.9) - 0.2 * i);
      const want = dft(x, y);
      const re = Float64Array.from(x);
      const im = Float64Array.from(y);
      fft(re, im);
      let worst = 0;
      for (let k = 0; k < n; k++) worst = Math.max(worst, Math.abs(re[k]! - want.re[k]!), Math.abs(im[k]! - want.im[k]!));
      expect(worst, `N = ${n}`).toBeLessThan(1e-9);
    }
  });

  it('puts a whole-cycle sine in its bin, N/2 at ±k', () => {
    const re = Float64Array.from({ length: 64 }, (_, i) => Math.sin((2 * Math.PI * 5 * i) / 64));
    const im = new Float64Array(64);
    fft(re, im);
    expect(Math.hypot(re[5]!, im[5]!)).toBeCloseTo(32, 9);
    expect(Math.hypot(re[59]!, im[59]!)).toBeCloseTo(32, 9);
    expect(Math.hypot(re[6]!, im[6]!)).toBeLessThan(1e-9);
  });

  it('refuses a length that is not a power of two', () => {
    expect(() => fft(new Float64Array(12), new Float64Array(12))).toThrow('fft: needs two arrays of one power-of-two length, got 12 and 12');
    expect(() => fft(new Float64Array(8), new Float64Array(4))).toThrow('got 8 and 4');
  });
});
