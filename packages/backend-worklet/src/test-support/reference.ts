// The core's render in Node of what a worklet was asked to play: the same
// code evaluated at the same runtime frames, rendered in 128-frame quanta.
import { readFileSync } from 'node:fs';
import { createRuntime } from '@aither/core';
import * as helpers from '@aither/helpers';
import * as physical from '@aither/helpers-physical';

export const SEED = readFileSync(new URL('../../../../examples/seed.js', import.meta.url), 'utf8');
export const BIG = readFileSync(new URL('../../../../examples/big.js', import.meta.url), 'utf8');

/** One evaluation: its code, its mode, and the runtime frame it took effect at (a multiple of 128). */
export interface Evaluation {
  frame: number;
  code: string;
  mode?: 'session' | 'snippet';
}

/** Renders the evaluations, in order, each at its frame, quantum by quantum; `each` sees every block and may stop the replay by returning false. */
function replay(sampleRate: number, frames: number, evaluations: Evaluation[], channels: number, each: (block: Float32Array, at: number, n: number) => boolean): void {
  const rt = createRuntime({ sampleRate, channels, install: [helpers, physical] });
  const block = new Float32Array(128 * channels);
  let next = 0;
  for (let done = 0; done < frames; done += 128) {
    while (next < evaluations.length && evaluations[next]!.frame <= done) {
      const e = evaluations[next++]!;
      rt.evaluate(e.code, { mode: e.mode ?? 'session' });
    }
    const n = Math.min(128, frames - done);
    rt.render(block, n);
    if (!each(block, done, n)) return;
  }
}

/** `frames` interleaved frames of the evaluations, in order, each at its frame. */
export function reference(sampleRate: number, frames: number, evaluations: Evaluation[], channels = 2): Float32Array {
  const out = new Float32Array(frames * channels);
  replay(sampleRate, frames, evaluations, channels, (block, at, n) => {
    out.set(block.subarray(0, n * channels), at * channels);
    return true;
  });
  return out;
}

/**
 * Index of the first sample of `audio` (interleaved, from runtime frame 0)
 * that the replay of `evaluations` does not give within `tolerance`, or −1.
 * The replay stops there: a replay that parts early costs little.
 */
export function firstDifferenceFromReplay(audio: Float32Array, sampleRate: number, evaluations: Evaluation[], tolerance: number, channels = 2): number {
  let found = -1;
  replay(sampleRate, audio.length / channels, evaluations, channels, (block, at, n) => {
    for (let i = 0, j = at * channels; i < n * channels; i++, j++) {
      if (!(Math.abs(audio[j]! - block[i]!) <= tolerance)) {
        found = j;
        return false;
      }
    }
    return true;
  });
  return found;
}

/** Index of the first sample where `a` and `b` differ by more than `tolerance`, or −1 (then also compared lengths). */
export function firstDifference(a: Float32Array, b: Float32Array, tolerance: number, from = 0): number {
  const n = Math.min(a.length, b.length);
  for (let i = from; i < n; i++) if (!(Math.abs(a[i]! - b[i]!) <= tolerance)) return i;
  return a.length === b.length ? -1 : n;
}

/** Largest |a − b| over the common length. */
export function maxError(a: Float32Array, b: Float32Array): number {
  let worst = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst;
}
