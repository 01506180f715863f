import type { AudioSink, RenderBlock, SinkReport, SinkStatus } from '@aither/core';
import { NullSink, type NullSinkOptions } from './null-sink.js';
import { Recorder } from './recorder.js';

/** Options of {@link WavSink}. */
export interface WavSinkOptions extends Omit<NullSinkOptions, 'onBlock'> {
  /** Path of the WAV file written at each `stop` (32-bit float). */
  file: string;
}

/**
 * Plays at real-time pace like {@link NullSink} and writes what it played to
 * a WAV file when stopped: a venue that leaves a take behind. Restarting
 * appends; each `stop` rewrites the file with everything so far.
 *
 * @example
 * ```ts
 * const sink = new WavSink({ file: 'take.wav' });
 * await sink.start((out, frames) => runtime.render(out, frames));
 * await sink.stop(); // take.wav holds what was played
 * ```
 */
export class WavSink implements AudioSink {
  readonly file: string;
  private readonly inner: NullSink;
  private readonly recorder: Recorder;

  constructor({ file, ...options }: WavSinkOptions) {
    this.file = file;
    this.inner = new NullSink({ ...options, onBlock: (block, frames) => this.recorder.push(block, frames) });
    this.recorder = new Recorder(this.inner.sampleRate, this.inner.channels);
  }

  get sampleRate(): number {
    return this.inner.sampleRate;
  }
  get channels(): number {
    return this.inner.channels;
  }
  get blockFrames(): number {
    return this.inner.blockFrames;
  }
  get latencyFrames(): number {
    return this.inner.latencyFrames;
  }

  start(render: RenderBlock, report?: SinkReport): Promise<void> {
    return this.inner.start(render, report);
  }

  async stop(): Promise<void> {
    const was = this.inner.status().running;
    await this.inner.stop();
    if (was) this.recorder.save(this.file);
  }

  status(): SinkStatus {
    return this.inner.status();
  }

  /** What was played so far, interleaved. */
  samples(): Float32Array {
    return this.recorder.samples();
  }
}
