import { renderBlocks, type AudioSink, type RenderBlock, type SinkReport, type SinkStatus } from '@aither/core';
import { SinkCounters } from '@aither/sink-kit';

export interface OfflineSinkOptions {
  /** Sample rate in Hz (informational: the render function decides the content). */
  sampleRate: number;
  /** Interleaved channels per frame. */
  channels: number;
  /** Sample frames to render in all (one frame = one sample per channel). */
  frames: number;
  /** Frames per `render` call, like an audio callback's block. Default 128. */
  blockFrames?: number;
}

/**
 * An {@link AudioSink} that pulls a fixed number of frames as fast as the CPU
 * allows, block by block like a real device, into memory. The reference sink:
 * every other sink must deliver the same samples.
 *
 * @example
 * ```ts
 * const sink = new OfflineSink({ sampleRate: 48000, channels: 2, frames: 48000 });
 * await sink.start((out, frames) => runtime.render(out, frames));
 * sink.samples; // Float32Array, 96,000 interleaved samples
 * ```
 */
export class OfflineSink implements AudioSink {
  readonly sampleRate: number;
  readonly channels: number;
  readonly blockFrames: number;
  /** Nothing is played while rendering, so nothing is ahead of a device. */
  readonly latencyFrames = 0;
  private readonly counters = new SinkCounters();
  private readonly result: Float32Array;
  private stopped = false;

  constructor({ sampleRate, channels, frames, blockFrames = 128 }: OfflineSinkOptions) {
    if (!Number.isInteger(frames) || frames < 0) throw new RangeError(`OfflineSink: frames must be an integer >= 0, got ${frames}`);
    if (!Number.isInteger(blockFrames) || blockFrames <= 0) throw new RangeError(`OfflineSink: blockFrames must be a positive integer, got ${blockFrames}`);
    this.sampleRate = sampleRate;
    this.channels = channels;
    this.blockFrames = blockFrames;
    this.result = new Float32Array(frames * channels);
  }

  /** The rendered audio, interleaved (`frames * channels` samples). */
  get samples(): Float32Array {
    return this.result;
  }

  /**
   * Calls `render(block, n)` with `n = blockFrames` frames (fewer for the last
   * block) until `frames` frames are done, reusing one block buffer and copying
   * each block into {@link OfflineSink.samples}. Resolves when done or stopped.
   */
  async start(render: RenderBlock, report?: SinkReport): Promise<void> {
    this.stopped = false;
    this.counters.begin(report);
    renderBlocks(render, this.result, this.channels, this.blockFrames, (n) => {
      this.counters.framesRendered += n;
      return !this.stopped;
    });
    this.counters.running = false;
  }

  /** Ends a render early (from inside `render`); what was rendered stays in `samples`. */
  async stop(): Promise<void> {
    this.stopped = true;
  }

  status(): SinkStatus {
    return this.counters.status();
  }
}
