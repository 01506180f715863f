/**
 * Converts floats to signed 16-bit: `round(x · 32768)`, clipped to
 * [−32768, 32767], so that reading back with `/ 32768` is within 1/32768 of
 * every input in [−1, 1] (half a step where it is not clipped).
 * @param from interleaved floats, nominally in [−1, 1]
 * @param to where the samples go, at least `from.length` long
 * @example `toS16(new Float32Array([0.5, -1, 2]), out) // out: 16384, -32768, 32767`
 */
export function toS16(from: Float32Array, to: Int16Array): void {
  for (let i = 0; i < from.length; i++) {
    const v = Math.round(from[i]! * 32768);
    to[i] = v > 32767 ? 32767 : v < -32768 ? -32768 : v;
  }
}
