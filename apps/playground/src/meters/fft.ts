// A spectrum from samples, for venues whose sound is not in the page (a server
// sends its output's last frames with its stats): a Hann window and an
// in-place radix-2 FFT, magnitudes in dB as an AnalyserNode gives them.

/** dB magnitudes of the first `samples.length / 2` bins of `samples` (a power of two long), Hann-windowed. */
export function spectrumDb(samples: Float32Array, into: Float32Array = new Float32Array(samples.length / 2)): Float32Array {
  const n = samples.length;
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  for (let i = 0, j = 0; i < n; i++) {
    re[j] = samples[i]! * (0.5 - 0.5 * Math.cos((2 * Math.PI * i) / n));
    // j = i with its bits reversed, advanced by carrying from the top bit.
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j |= bit;
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
  // Scaled so that a full-scale sine reads about 0 dB (the window's gain is 1/2).
  for (let k = 0; k < n / 2; k++) into[k] = 20 * Math.log10(Math.hypot(re[k]!, im[k]!) * (4 / n) + 1e-12);
  return into;
}
