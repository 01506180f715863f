import { describe, expect, it } from 'vitest';
import { spectrumDb } from './fft.js';

describe('spectrumDb', () => {
  it('puts a sine in its bin at about 0 dB full scale, and the rest far below', () => {
    const n = 2048;
    const bin = 93;
    const x = Float32Array.from({ length: n }, (_, i) => Math.sin((2 * Math.PI * bin * i) / n));
    const db = spectrumDb(x);
    expect(db.length).toBe(n / 2);
    expect(db[bin]).toBeCloseTo(0, 1);
    let loudest = -Infinity;
    for (let k = 0; k < n / 2; k++) if (Math.abs(k - bin) > 2) loudest = Math.max(loudest, db[k]!);
    expect(loudest).toBeLessThan(-100);
  });
});
