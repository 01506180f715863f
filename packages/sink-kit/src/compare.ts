// Comparing what a device played with what was rendered.

/** Index of the first sample where `a` and `b` differ by more than `tolerance`, or −1. */
export function firstDifference(a: Float32Array, b: Float32Array, tolerance = 0): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (!(Math.abs(a[i]! - b[i]!) <= tolerance)) return i;
  return a.length === b.length ? -1 : n;
}

/** Where `captured` starts playing `expected` (devices may lead with silence), a whole frame of `channels` in, or −1. */
export function alignment(captured: Float32Array, expected: Float32Array, tolerance: number, channels = 2): number {
  const first = expected.findIndex((v) => Math.abs(v) > 1e-3);
  if (first < 0) return 0;
  for (let at = 0; at + first < captured.length; at += channels) {
    if (
      Math.abs(captured[at + first]! - expected[first]!) <= tolerance &&
      firstDifference(captured.subarray(at, at + expected.length), expected.subarray(0, Math.min(expected.length, captured.length - at)), tolerance) < 0
    )
      return at;
  }
  return -1;
}
