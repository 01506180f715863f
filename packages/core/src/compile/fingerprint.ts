import type { HelperState } from '../binding.js';
import type { Signal } from '../types.js';
import { inlinable } from './layout.js';

/**
 * Everything a signal's generated loop is a function of, as a flat list of
 * numbers and object identities: two graphs with equal fingerprints (element
 * by element, `Object.is`) compile to the same source, constants and calls.
 *
 * A reload builds every helper anew, so kernel nodes and helper handles are
 * new objects each time; what the compiler reads of them is listed instead:
 * the step and prepare functions and what they use, the block's offsets, the
 * inputs (numbers by value, shared subgraphs by position), whether another
 * signal shares the block. Anything the compiler cannot see into is called as
 * it is, so it enters by identity (a user's function is new on every reload:
 * such a signal is compiled again, as before).
 */
export function fingerprint(root: Signal, channels: number, memory: Float64Array, shared: ReadonlySet<HelperState>, readers: boolean): unknown[] {
  const tokens: unknown[] = [memory, channels, readers];
  const seen = new Map<unknown, number>();
  const states = new Map<HelperState, number>();
  const visit = (x: unknown): void => {
    if (typeof x === 'number') {
      tokens.push('n', x);
      return;
    }
    const at = seen.get(x);
    if (at !== undefined) {
      tokens.push('r', at);
      return;
    }
    seen.set(x, seen.size);
    const info = inlinable(x, memory);
    if (!info) {
      tokens.push('u', x);
      return;
    }
    const names = Object.keys(info.uses);
    tokens.push('k', info.helper, info.step, info.prepare, info.registers, info.inputs.length, names.length);
    for (const name of names) tokens.push(name, info.uses[name]);
    const h = info.state;
    if (h) {
      let index = states.get(h);
      if (index === undefined) {
        index = states.size;
        states.set(h, index);
      }
      tokens.push('s', index, h.at, h.stride, h.channels, h.mask, shared.has(h));
    } else {
      tokens.push('-');
    }
    for (const input of info.inputs) visit(input);
  };
  visit(root);
  return tokens;
}

/** Whether two fingerprints are the same, element by element. */
export function sameFingerprint(a: readonly unknown[] | undefined, b: readonly unknown[]): boolean {
  if (!a || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

/** When on, a loop kept for its fingerprint is compiled anyway and compared: a test's check that the fingerprint misses nothing. */
let verifying = false;

/**
 * @internal Turns the check of every kept loop on or off (tests): with it on,
 * the compiler compiles a signal whose fingerprint is unchanged anyway and
 * throws if the source, constants or calls would differ from the loop it kept.
 */
export function verifyFingerprints(on: boolean): void {
  verifying = on;
}

/** Whether {@link verifyFingerprints} is on. */
export function verifyingFingerprints(): boolean {
  return verifying;
}
