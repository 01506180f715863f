import type { AudioSink, RenderBlock, SinkReport, SinkStatus } from '@aither/core';
import { Pacer, SinkCounters } from '@aither/sink-kit';

/** Options of {@link NullSink}. */
export interface NullSinkOptions {
  /** Hz. Default 48,000. */
  sampleRate?: number;
  /** Interleaved channels. Default 2. */
  channels?: number;
  /** Frames per render call. Default 128. */
  blockFrames?: number;
  /** Blocks rendered ahead of the clock (the latency it adds). Default 4 (10.7 ms at 48 kHz). */
  latencyBlocks?: number;
  /** Called with each block after it is rendered (a recorder's tap); must not keep `block`. */
  onBlock?: (block: Float32Array, frames: number) => void;
  /** The clock the device plays by, ms (default `performance.now`). */
  now?: () => number;
}

/**
 * A sink with no device: pulls at real-time pace by its own clock and
 * discards what it pulls. The venue for CI, servers and tests of timing;
 * late blocks are counted as underruns exactly as a device would hear them.
 *
 * @example
 * ```ts
 * const sink = new NullSink({ sampleRate: 48000, channels: 2 });
 * await sink.start((out, frames) => runtime.render(out, frames));
 * // ... later
 * await sink.stop();
 * sink.status().underruns; // 0 on an idle machine
 * ```
 */
export class NullSink implements AudioSink {
  readonly sampleRate: number;
  readonly channels: number;
  readonly blockFrames: number;
  readonly latencyFrames: number;
  private readonly counters = new SinkCounters();
  private readonly pacer: Pacer;
  private readonly onBlock: NullSinkOptions['onBlock'];

  constructor({ sampleRate = 48000, channels = 2, blockFrames = 128, latencyBlocks = 4, onBlock, now }: NullSinkOptions = {}) {
    if (!Number.isInteger(blockFrames) || blockFrames <= 0) throw new RangeError(`NullSink: blockFrames must be a positive integer, got ${blockFrames}`);
    if (!Number.isInteger(latencyBlocks) || latencyBlocks < 1) throw new RangeError(`NullSink: latencyBlocks must be an integer >= 1, got ${latencyBlocks}`);
    this.sampleRate = sampleRate;
    this.channels = channels;
    this.blockFrames = blockFrames;
    this.latencyFrames = blockFrames * latencyBlocks;
    this.onBlock = onBlock;
    this.pacer = new Pacer(
      now ? { sampleRate, blockFrames, latencyFrames: this.latencyFrames, now } : { sampleRate, blockFrames, latencyFrames: this.latencyFrames },
      channels,
      this.counters,
    );
  }

  async start(render: RenderBlock, report?: SinkReport): Promise<void> {
    if (this.counters.running) throw new Error('NullSink: already started; stop it first');
    this.counters.begin(report);
    this.pacer.start(render, this.onBlock);
  }

  async stop(): Promise<void> {
    this.pacer.stop();
    this.counters.running = false;
  }

  status(): SinkStatus {
    return this.counters.status();
  }
}
