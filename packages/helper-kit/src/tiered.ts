import type { Runtime } from '@aither/core';

/**
 * Renders `frames` frames of `rt` in blocks of `block`, interleaved, calling
 * `rt.warm` between blocks for a number of steps drawn from `seed` (0 to
 * `most`), so that a loop goes live at a block the draw decides; `edit` runs
 * before block `editAt` (a re-evaluation while the loop warms or plays).
 */
export function renderWarming(rt: Runtime, frames: number, block: number, seed: number, most: number, edit?: { at: number; run: () => void }): Float32Array {
  const out = new Float32Array(frames * rt.channels);
  const tmp = new Float32Array(block * rt.channels);
  let state = seed >>> 0 || 1;
  let steps = 0;
  const clock = () => steps++;
  for (let done = 0, k = 0; done < frames; done += block, k++) {
    if (edit && k === edit.at) edit.run();
    // xorshift32: the same schedule on every run.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    const take = (state >>> 0) % (most + 1);
    if (take > 0) rt.warm(steps + take - 1, clock);
    const n = Math.min(block, frames - done);
    rt.render(tmp, n);
    out.set(tmp.subarray(0, n * rt.channels), done * rt.channels);
  }
  return out;
}
