import { describe, expect, it } from 'vitest';
import { renderBlocks } from './render-blocks.js';

/** A render that writes each sample's frame index and channel, and logs its calls. */
function counting(channels: number) {
  const calls: number[] = [];
  let frame = 0;
  const render = (out: Float32Array, frames: number) => {
    calls.push(frames);
    for (let f = 0; f < frames; f++, frame++) for (let c = 0; c < channels; c++) out[f * channels + c] = frame + c / 10;
    // What lies past `frames` in the block is not the render's: it must not reach `out`.
    out.fill(-1, frames * channels);
  };
  return { render, calls };
}

describe('renderBlocks', () => {
  it('pulls blockFrames at a time (fewer for the last) and copies every block in order', () => {
    const { render, calls } = counting(2);
    const out = new Float32Array(300 * 2);
    expect(renderBlocks(render, out, 2, 128)).toBe(300);
    expect(calls).toEqual([128, 128, 44]);
    for (let f = 0; f < 300; f++) expect([out[2 * f], out[2 * f + 1]]).toEqual([f, Math.fround(f + 0.1)]);
  });

  it('stops when `each` says so, after the block it was told of', () => {
    const { render, calls } = counting(1);
    const out = new Float32Array(1000);
    const seen: number[] = [];
    expect(renderBlocks(render, out, 1, 100, (n) => seen.push(n) < 3)).toBe(300);
    expect(calls).toEqual([100, 100, 100]);
    expect(seen).toEqual([100, 100, 100]);
    expect(out[299]).toBe(299);
    expect(out[300]).toBe(0);
  });

  it('refuses a block size or channel count that is not a positive integer', () => {
    const { render } = counting(1);
    expect(() => renderBlocks(render, new Float32Array(4), 1, 0)).toThrow('renderBlocks: blockFrames must be an integer >= 1, got 0');
    expect(() => renderBlocks(render, new Float32Array(4), 0.5)).toThrow('renderBlocks: channels must be an integer >= 1, got 0.5');
    for (const channels of [0, -1, 2.5]) {
      expect(() => renderBlocks(render, new Float32Array(4), channels)).toThrow(new RangeError(`renderBlocks: channels must be an integer >= 1, got ${channels}`));
    }
    for (const blockFrames of [-1, 1.5]) {
      expect(() => renderBlocks(render, new Float32Array(4), 1, blockFrames)).toThrow(new RangeError(`renderBlocks: blockFrames must be an integer >= 1, got ${blockFrames}`));
    }
    expect(renderBlocks(render, new Float32Array(3), 1, 1)).toBe(3);
  });
});
