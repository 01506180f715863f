/**
 * The discrete Fourier transform of `re + i·im`, in place: a radix-2
 * decimation-in-time FFT, `X[k] = Σ x[j]·e^(−2πi·jk/N)`, unscaled. For
 * measuring rendered audio (a spectrum meter, a test's harmonics); it
 * allocates nothing.
 *
 * @param re - real parts, N long, N a power of two; receives the real parts of X.
 * @param im - imaginary parts (zeros for audio), N long; receives the imaginary parts of X.
 * @throws RangeError when N is not a power of two or the lengths differ.
 * @example
 * ```ts
 * const re = Float64Array.from(samples), im = new Float64Array(re.length);
 * fft(re, im); // |X[k]| = Math.hypot(re[k], im[k])
 * ```
 */
export function fft(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  if (n === 0 || (n & (n - 1)) !== 0 || im.length !== n) {
    throw new RangeError(`fft: needs two arrays of one power-of-two length, got ${n} and ${im.length}`);
  }
  // Bit-reversed order: j is i with its bits reversed, advanced by carrying from the top bit.
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      const r = re[i]!;
      re[i] = re[j]!;
      re[j] = r;
      const q = im[i]!;
      im[i] = im[j]!;
      im[j] = q;
    }
  }
  for (let size = 2; size <= n; size <<= 1) {
    const step = (-2 * Math.PI) / size;
    for (let start = 0; start < n; start += size) {
      for (let k = 0; k < size / 2; k++) {
        const wr = Math.cos(step * k);
        const wi = Math.sin(step * k);
        const a = start + k;
        const b = a + size / 2;
        const tr = re[b]! * wr - im[b]! * wi;
        const ti = re[b]! * wi + im[b]! * wr;
        re[b] = re[a]! - tr;
        im[b] = im[a]! - ti;
        re[a] = re[a]! + tr;
        im[a] = im[a]! + ti;
      }
    }
  }
}
