/**
 * The frequency of a periodic signal, from its rising zero crossings: each is
 * placed between its two samples by linear interpolation, and the frequency is
 * (crossings − 1) over the time from the first to the last. Exact for a sine
 * to well under 0.01 Hz over a second; a waveform crossing zero upwards more
 * than once a cycle reads as a multiple.
 *
 * @param x - samples; interleaved when `channels` > 1.
 * @param sampleRate - Hz.
 * @param channels - samples per frame in `x`. Default 1.
 * @param channel - which of them to read, 0 .. channels − 1. Default 0.
 * @param from - first frame to read. Default 0.
 * @returns Hz; 0 when fewer than two rising crossings are found.
 * @example `zeroCrossingHz(renderFrames(rt, 48000), 48000, rt.channels)`
 */
export function zeroCrossingHz(x: ArrayLike<number>, sampleRate: number, channels = 1, channel = 0, from = 0): number {
  const frames = Math.floor(x.length / channels);
  let first = -1;
  // Stryker disable next-line UnaryOperator: `last` is set at the first crossing, and read only after a second
  let last = -1;
  let count = 0;
  for (let i = from + 1; i < frames; i++) {
    const a = x[(i - 1) * channels + channel]!;
    const b = x[i * channels + channel]!;
    if (a <= 0 && b > 0) {
      // b / (b − a) of a frame before sample i.
      const at = i - b / (b - a);
      if (first < 0) first = at;
      else count++;
      last = at;
    }
  }
  return count > 0 ? (count * sampleRate) / (last - first) : 0;
}
