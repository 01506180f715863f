import type { AudioSink, RenderBlock, SinkReport, SinkStatus } from '@aither/core';
import { Pacer, SinkCounters } from '@aither/sink-kit';
import { loadSpeaker, type SpeakerStream } from './load.js';
import { toS16 } from './pcm.js';

/** Options of {@link SpeakerSink}. */
export interface SpeakerSinkOptions {
  /** Hz. Default 48,000. */
  sampleRate?: number;
  /** Interleaved channels. Default 2. */
  channels?: number;
  /** Frames per render call and per device write. Default 256 (5.3 ms at 48 kHz). */
  blockFrames?: number;
  /** Blocks written ahead of the device's clock: the latency this sink adds. Default 3 (768 frames, 16 ms at 48 kHz). */
  latencyBlocks?: number;
  /** Samples as the device receives them: 32-bit float, or signed 16-bit (rounded, clipped). Default `'float32'`. */
  format?: 'float32' | 's16';
  /** ALSA device name (e.g. `'hw:0'`, or one defined in an asoundrc). Default: ALSA's `default`. */
  device?: string;
  /**
   * Frames the ALSA device buffers, a quarter of them per period. Default:
   * the latency plus one block (1,024 frames, 21 ms at 48 kHz). Through
   * PulseAudio a period is also the stream's prebuffer and the sink's
   * latency, so this bounds what the device holds. It takes effect with the
   * workspace's patch of node-speaker (`patches/`); without it node-speaker
   * buffers 0.5 s.
   */
  deviceBufferFrames?: number;
}

/** Where the patched node-speaker reads its ALSA buffer size when it opens a device. */
const BUFFER_ENV = 'SPEAKER_ALSA_BUFFER_FRAMES';

/**
 * Plays through node-speaker (ALSA on Linux): each block is rendered, written
 * to the device, and its buffer reused only after the device took it.
 *
 * Pacing. node-speaker tells of the device's clock only by when a write
 * returns, and a write returns at once until the device's buffer
 * (`deviceBufferFrames`) is full. To add no more than `latencyFrames`, the
 * sink keeps that many frames ahead of a clock started with the first write
 * (ALSA starts the device on it), and writes no block while `latencyBlocks`
 * writes are still in progress — a device slower than the clock fills its
 * buffer, its writes return late, and then its own clock sets the pace.
 *
 * The device buffer is kept small because PulseAudio's ALSA plugin takes a
 * period as the stream's prebuffer: after any underrun the stream waits for
 * a period of data before it plays again, and keeps that much as latency.
 *
 * Underruns. When the clock has played past everything written and no write
 * is in progress, the device ran dry (ALSA restarts it on the next write); the
 * frames in between are counted as heard silence. A device running faster
 * than the system clock drains by the difference without being seen.
 *
 * Errors. A failed write (the device vanished, its sound server died) is
 * reported through {@link SinkReport.error}; the device is closed and the sink
 * can be started again.
 *
 * @example
 * ```ts
 * import { SpeakerSink } from '@aither/backend-speaker';
 * const sink = new SpeakerSink({ sampleRate: 48000, channels: 2 });
 * await sink.start((out, frames) => runtime.render(out, frames), { error: console.error });
 * // ... later
 * await sink.stop();
 * ```
 */
export class SpeakerSink implements AudioSink {
  readonly sampleRate: number;
  readonly channels: number;
  readonly blockFrames: number;
  readonly latencyFrames: number;
  readonly format: 'float32' | 's16';
  readonly device: string | undefined;
  readonly deviceBufferFrames: number;
  private readonly counters = new SinkCounters();
  private readonly pacer: Pacer;
  // latencyBlocks + 1 buffers: at most latencyBlocks are in the device's hands, the next one is free.
  private readonly pool: Uint8Array[];
  private next = 0;
  private run: Run | undefined;
  private closed: Promise<void> = Promise.resolve();

  constructor({ sampleRate = 48000, channels = 2, blockFrames = 256, latencyBlocks = 3, format = 'float32', device, deviceBufferFrames }: SpeakerSinkOptions = {}) {
    if (!(sampleRate > 0)) throw new RangeError(`SpeakerSink: sampleRate must be positive, got ${sampleRate}`);
    if (!Number.isInteger(channels) || channels < 1) throw new RangeError(`SpeakerSink: channels must be an integer >= 1, got ${channels}`);
    if (!Number.isInteger(blockFrames) || blockFrames <= 0) throw new RangeError(`SpeakerSink: blockFrames must be a positive integer, got ${blockFrames}`);
    if (!Number.isInteger(latencyBlocks) || latencyBlocks < 1) throw new RangeError(`SpeakerSink: latencyBlocks must be an integer >= 1, got ${latencyBlocks}`);
    if (format !== 'float32' && format !== 's16') throw new RangeError(`SpeakerSink: format must be 'float32' or 's16', got ${String(format)}`);
    this.sampleRate = sampleRate;
    this.channels = channels;
    this.blockFrames = blockFrames;
    this.latencyFrames = blockFrames * latencyBlocks;
    this.format = format;
    this.device = device;
    this.deviceBufferFrames = deviceBufferFrames ?? this.latencyFrames + blockFrames;
    if (!Number.isInteger(this.deviceBufferFrames) || this.deviceBufferFrames < blockFrames) {
      throw new RangeError(`SpeakerSink: deviceBufferFrames must be an integer >= blockFrames (${blockFrames}), got ${deviceBufferFrames}`);
    }
    const bytes = blockFrames * channels * (format === 'float32' ? 4 : 2);
    this.pool = Array.from({ length: latencyBlocks + 1 }, () => new Uint8Array(bytes));
    this.pacer = new Pacer({ sampleRate, blockFrames, latencyFrames: this.latencyFrames, pending: () => this.run?.pending ?? 0 }, channels, this.counters);
  }

  async start(render: RenderBlock, report?: SinkReport): Promise<void> {
    if (this.counters.running || this.run) throw new Error('SpeakerSink: already started; stop it first');
    await this.closed;
    const Speaker = await loadSpeaker();
    const float = this.format === 'float32';
    const speaker = new Speaker({
      channels: this.channels,
      sampleRate: this.sampleRate,
      bitDepth: float ? 32 : 16,
      float,
      signed: true,
      device: this.device,
      samplesPerFrame: this.blockFrames,
    });
    await open(speaker, this.device, this.deviceBufferFrames);
    const run: Run = { speaker, pending: 0, drained: undefined };
    speaker.on('error', (error) => this.fail(run, error));
    this.run = run;
    this.counters.begin(report);
    this.pacer.start(render, this.write);
  }

  async stop(): Promise<void> {
    await this.release(false);
    this.counters.running = false;
  }

  status(): SinkStatus {
    return this.counters.status();
  }

  private readonly write = (block: Float32Array, frames: number): void => {
    const run = this.run;
    if (!run) return;
    const bytes = this.pool[this.next]!;
    this.next = (this.next + 1) % this.pool.length;
    const samples = frames * this.channels;
    if (this.format === 'float32') new Float32Array(bytes.buffer, 0, samples).set(block.subarray(0, samples));
    else toS16(block.subarray(0, samples), new Int16Array(bytes.buffer, 0, samples));
    run.pending++;
    run.speaker.write(bytes.subarray(0, samples * (this.format === 'float32' ? 4 : 2)), () => {
      run.pending--;
      if (run.pending === 0) run.drained?.();
      if (this.run === run) this.pacer.wake();
    });
  };

  private fail(run: Run, error: Error): void {
    if (this.run !== run) return;
    this.counters.fail(new Error(`SpeakerSink: the device failed: ${error.message}`, { cause: error }));
    void this.release(true);
  }

  /**
   * Ends a run: no more renders, then the device closed once no write is in
   * progress (closing under a native write frees what it writes from). Close
   * flushes: stopping drops the few blocks queued instead of waiting for them.
   * After a failed write none is in progress, and the stream holds no more.
   */
  private release(failed: boolean): Promise<void> {
    this.pacer.stop();
    const run = this.run;
    if (!run) return this.closed;
    this.run = undefined;
    const idle = failed || run.pending === 0 ? Promise.resolve() : new Promise<void>((r) => (run.drained = r));
    this.closed = idle.then(() => run.speaker.close(true));
    return this.closed;
  }
}

/** One start-to-stop: its stream, and its writes still in progress. */
interface Run {
  speaker: SpeakerStream;
  pending: number;
  drained: (() => void) | undefined;
}

/**
 * Opens the device now (node-speaker opens it on the first write), so `start`
 * rejects when it cannot. The first write opens it synchronously, so the
 * buffer size is in the environment exactly while it opens.
 */
function open(speaker: SpeakerStream, device: string | undefined, bufferFrames: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let failed: Error | undefined;
    const onError = (error: Error) => (failed ??= error);
    speaker.on('error', onError);
    const before = process.env[BUFFER_ENV];
    process.env[BUFFER_ENV] = String(bufferFrames);
    try {
      speaker.write(new Uint8Array(0), (error) => {
        const cause = error ?? failed;
        if (cause) reject(new Error(`SpeakerSink: cannot open ALSA device "${device ?? 'default'}": ${cause.message}`, { cause }));
        else resolve();
      });
    } finally {
      if (before === undefined) delete process.env[BUFFER_ENV];
      else process.env[BUFFER_ENV] = before;
    }
  });
}
