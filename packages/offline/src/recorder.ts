import { writeFileSync } from 'node:fs';
import { toWav } from './render.js';

/** Frames per page: a recording grows by one page per second, not by one copy per block. */
const PAGE_SECONDS = 1;

/**
 * Keeps what was played, block by block, in one-second pages, and writes it
 * as a 32-bit float WAV. A tap for any sink (`--record take.wav`).
 *
 * @example
 * ```ts
 * const take = new Recorder(48000, 2);
 * take.push(block, 128); // from a sink's onBlock
 * take.save('take.wav');
 * ```
 */
export class Recorder {
  private readonly pages: Float32Array[] = [];
  private readonly pageSamples: number;
  private filled = 0;
  frames = 0;

  constructor(
    readonly sampleRate: number,
    readonly channels: number,
  ) {
    this.pageSamples = Math.max(1, Math.round(sampleRate * PAGE_SECONDS)) * channels;
  }

  /** Appends the first `frames` frames of `block`. */
  push(block: Float32Array, frames: number): void {
    let from = 0;
    const total = frames * this.channels;
    while (from < total) {
      if (this.pages.length === 0 || this.filled === this.pageSamples) {
        this.pages.push(new Float32Array(this.pageSamples));
        this.filled = 0;
      }
      const page = this.pages[this.pages.length - 1]!;
      const n = Math.min(total - from, this.pageSamples - this.filled);
      page.set(block.subarray(from, from + n), this.filled);
      this.filled += n;
      from += n;
    }
    this.frames += frames;
  }

  /** Everything recorded, interleaved. */
  samples(): Float32Array {
    const all = new Float32Array(this.frames * this.channels);
    let at = 0;
    for (const page of this.pages) {
      const n = Math.min(page.length, all.length - at);
      all.set(page.subarray(0, n), at);
      at += n;
    }
    return all;
  }

  /** Writes the recording to `file` as a 32-bit float WAV. */
  save(file: string): void {
    writeFileSync(file, toWav(this.samples(), this.sampleRate, this.channels));
  }
}
