import type { RenderBlock } from './sink.js';

/**
 * Pulls audio from `render` block by block, as an audio callback does:
 * `blockFrames` frames at a time (fewer for the last) through one reused buffer
 * of `blockFrames · channels` samples, each block copied into `out` after the
 * one before. What an offline sink, a reference render and a test all do.
 *
 * @param render - fills a block (`runtime.render`, or a sink's render callback).
 * @param out - receives `out.length / channels` frames, interleaved.
 * @param channels - samples per frame, >= 1.
 * @param blockFrames - frames per `render` call, >= 1. Default 128.
 * @param each - called after every block with its frame count; returning false stops early.
 * @returns the frames written to `out`.
 * @example
 * ```ts
 * const out = new Float32Array(48000 * rt.channels);
 * renderBlocks((block, n) => rt.render(block, n), out, rt.channels);
 * ```
 */
export function renderBlocks(render: RenderBlock, out: Float32Array, channels: number, blockFrames = 128, each?: (frames: number) => boolean): number {
  if (!Number.isInteger(channels) || channels < 1) throw new RangeError(`renderBlocks: channels must be an integer >= 1, got ${channels}`);
  if (!Number.isInteger(blockFrames) || blockFrames < 1) throw new RangeError(`renderBlocks: blockFrames must be an integer >= 1, got ${blockFrames}`);
  const frames = Math.floor(out.length / channels);
  const block = new Float32Array(blockFrames * channels);
  let done = 0;
  while (done < frames) {
    const n = Math.min(blockFrames, frames - done);
    render(block, n);
    // Stryker disable next-line ConditionalExpression: a full block and its subarray(0, n · channels) hold the same samples; the test only spares allocating a view per block
    out.set(n === blockFrames ? block : block.subarray(0, n * channels), done * channels);
    done += n;
    if (each && !each(n)) break;
  }
  return done;
}
