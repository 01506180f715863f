// A spectrum from samples, for venues whose sound is not in the page (a server
// sends its output's last frames with its stats): a Hann window and an
// FFT (core's), magnitudes in dB as an AnalyserNode gives them.

import { fft } from '@aither/core';

/** dB magnitudes of the first `samples.length / 2` bins of `samples` (a power of two long), Hann-windowed. */
export function spectrumDb(samples: Float32Array, into: Float32Array = new Float32Array(samples.length / 2)): Float32Array {
  const n = samples.length;
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  for (let i = 0; i < n; i++) re[i] = samples[i]! * (0.5 - 0.5 * Math.cos((2 * Math.PI * i) / n));
  fft(re, im);
  // Scaled so that a full-scale sine reads about 0 dB (the window's gain is 1/2).
  for (let k = 0; k < n / 2; k++) into[k] = 20 * Math.log10(Math.hypot(re[k]!, im[k]!) * (4 / n) + 1e-12);
  return into;
}
