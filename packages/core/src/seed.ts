/**
 * A stable seed from a string: FNV-1a, as a non-zero 32-bit unsigned integer.
 * For a helper's `init`, which receives its block's stable key: seeding a noise
 * generator from `${key}:${channel}` gives every instance and channel its own
 * sequence, the same on every run, every reload and every sink. Never 0, so it
 * can seed a xorshift generator directly.
 *
 * @param text - any string, e.g. the block key given to `init`.
 * @returns an integer in 1 .. 2^32 − 1.
 * @example
 * ```ts
 * const init: ChannelInit = (m, o, channel, key) => {
 *   m[o] = hash(`${key}:${channel}`);
 * };
 * ```
 */
export function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0 || 1;
}
