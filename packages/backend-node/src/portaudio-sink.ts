import type { AudioSink, RenderBlock, SinkReport, SinkStatus } from '@aither/core';
import { LoopWatch, SinkCounters } from '@aither/sink-kit';
import { chooseDevice, outputs } from './devices.js';
import { loadNaudiodon, type AudioIO } from './load.js';

/** Options of {@link PortAudioSink}. */
export interface PortAudioSinkOptions {
  /** Hz. Default 48,000. */
  sampleRate?: number;
  /** Interleaved channels. Default 2. */
  channels?: number;
  /** Frames per render call, and per PortAudio callback. Default 256 (5.3 ms at 48 kHz). */
  blockFrames?: number;
  /** Blocks rendered ahead of what the device's callback has taken: the latency this sink adds. At least 2. Default 3 (768 frames, 16 ms at 48 kHz). */
  latencyBlocks?: number;
  /** Output device: PortAudio's index, or a case-insensitive part of its name (see `listDevices`). Default: PortAudio's default output. */
  device?: string | number;
  /** Milliseconds the device may take no block before the sink calls it failed (a stream whose host died stops calling back, silently). Default 3,000. */
  stallMs?: number;
}

/**
 * Plays through PortAudio (naudiodon, 32-bit float). PortAudio's callback
 * takes blocks from naudiodon's queue of `latencyBlocks − 1`; a write returns
 * once its block is queued, so with the queue full it returns each time the
 * callback takes one — the device's own clock. The sink renders one block,
 * writes it, and renders the next when that write returns: at most
 * `latencyBlocks` blocks are rendered and not yet taken, on top of the
 * buffer PortAudio keeps for the device (its default low latency). Each run
 * starts with `latencyBlocks − 1` blocks of silence queued.
 * naudiodon copies each block as `write` is called, so one render buffer is
 * never read by the device after it is handed back.
 *
 * Underruns. PortAudio flags a callback that found the device run dry; each
 * flag counts one, its frames being how late a block of the last few came
 * beyond what was queued (one block when none came late: the device's own
 * hiccup).
 *
 * Errors. A stream whose host died (a sound server gone, a device unplugged)
 * stops calling back without a word, so a device that takes no block for
 * `stallMs` is reported as failed. naudiodon 2.3.6 cannot close such a
 * stream: its quit waits for a callback that never comes, holding one of
 * libuv's thread-pool threads, and the process then ends only by a signal
 * (`process.exit` waits for that thread).
 *
 * @example
 * ```ts
 * import { PortAudioSink } from '@aither/backend-node';
 * const sink = new PortAudioSink({ device: 'pulse', latencyBlocks: 4 });
 * await sink.start((out, frames) => runtime.render(out, frames), { error: console.error });
 * // ... later
 * await sink.stop();
 * ```
 */
export class PortAudioSink implements AudioSink {
  readonly sampleRate: number;
  readonly channels: number;
  readonly blockFrames: number;
  readonly latencyFrames: number;
  readonly device: string | number | undefined;
  private readonly latencyBlocks: number;
  private readonly stallMs: number;
  private readonly counters = new SinkCounters();
  private readonly block: Float32Array;
  private readonly bytes: Uint8Array;
  private run: Run | undefined;

  constructor({ sampleRate = 48000, channels = 2, blockFrames = 256, latencyBlocks = 3, device, stallMs = 3000 }: PortAudioSinkOptions = {}) {
    if (!Number.isInteger(sampleRate) || sampleRate <= 0) throw new RangeError(`PortAudioSink: sampleRate must be a positive integer, got ${sampleRate}`);
    if (!Number.isInteger(channels) || channels < 1) throw new RangeError(`PortAudioSink: channels must be an integer >= 1, got ${channels}`);
    if (!Number.isInteger(blockFrames) || blockFrames <= 0) throw new RangeError(`PortAudioSink: blockFrames must be a positive integer, got ${blockFrames}`);
    if (!Number.isInteger(latencyBlocks) || latencyBlocks < 2) throw new RangeError(`PortAudioSink: latencyBlocks must be an integer >= 2, got ${latencyBlocks}`);
    this.sampleRate = sampleRate;
    this.channels = channels;
    this.blockFrames = blockFrames;
    this.latencyBlocks = latencyBlocks;
    this.latencyFrames = blockFrames * latencyBlocks;
    this.device = device;
    this.stallMs = stallMs;
    this.block = new Float32Array(blockFrames * channels);
    this.bytes = new Uint8Array(this.block.buffer);
  }

  async start(render: RenderBlock, report?: SinkReport): Promise<void> {
    if (this.run) throw new Error('PortAudioSink: already started; stop it first');
    const naudiodon = loadNaudiodon();
    const deviceId = this.device === undefined ? -1 : chooseDevice(outputs(naudiodon.getDevices()), this.device);
    let io: AudioIO;
    try {
      io = naudiodon.create({
        outOptions: {
          channelCount: this.channels,
          sampleFormat: 1,
          sampleRate: this.sampleRate,
          deviceId,
          maxQueue: this.latencyBlocks - 1,
          framesPerBuffer: this.blockFrames,
          closeOnError: true,
        },
      });
      // Queued silence, so the device's first callbacks find blocks while the first rendered one is on its way (else it runs dry as it starts).
      const silence = new Uint8Array(this.bytes.length);
      for (let i = 1; i < this.latencyBlocks; i++) await io.write(silence);
      io.start();
    } catch (cause) {
      throw new Error(`PortAudioSink: cannot open output device ${this.device ?? '(default)'}: ${(cause as Error).message}`, { cause });
    }
    const run: Run = { io, takenAt: performance.now(), writing: false, pumping: Promise.resolve(), watch: undefined };
    this.counters.begin(report);
    this.run = run;
    run.watch = setInterval(() => this.watch(run), Math.min(250, this.stallMs));
    run.pumping = this.pump(run, render);
  }

  async stop(): Promise<void> {
    const run = this.run;
    if (!run) return;
    this.run = undefined;
    this.counters.running = false;
    await run.pumping;
    clearInterval(run.watch);
    await run.io.quit('WAIT');
  }

  status(): SinkStatus {
    return this.counters.status();
  }

  private async pump(run: Run, render: RenderBlock): Promise<void> {
    const { blockFrames, sampleRate } = this;
    // Blocks the queue held when the device last took one (it took one because the queue was full).
    const queued = (this.latencyBlocks - 1) * blockFrames;
    // PortAudio reports an underflow with a later write than the late one: the lateness of the last few writes stands for it,
    // and how long the loop was busy before that write tells whose it was (see SinkStatus.underrunsBusy). An underflow
    // after no late write is the device's side running dry.
    const slackMs = (1000 * (this.latencyFrames - blockFrames)) / sampleRate;
    const watch = new LoopWatch();
    let lateness = 0;
    let lateBusy = 0;
    let lateAt = 0;
    let writes = 0;
    while (this.run === run) {
      render(this.block, blockFrames);
      this.counters.framesRendered += blockFrames;
      if (this.run !== run) return;
      const late = Math.floor(((performance.now() - run.takenAt) * sampleRate) / 1000) - queued;
      const busy = watch.lap();
      writes++;
      if (late > 0 && (late > lateness || writes - lateAt > 8)) [lateness, lateBusy, lateAt] = [late, busy, writes];
      run.writing = true;
      let status: string | undefined;
      try {
        status = await run.io.write(this.bytes);
      } catch (error) {
        return this.fail(run, error);
      }
      run.writing = false;
      run.takenAt = performance.now();
      watch.lap();
      if (!status) continue;
      if (/underflow/.test(status)) {
        const seen = lateness > 0 && writes - lateAt <= 8;
        this.counters.underrun(seen ? lateness : blockFrames, seen && lateBusy >= slackMs);
        lateness = 0;
      } else if (!/priming/.test(status)) return this.fail(run, new Error(status.trim()));
    }
  }

  private watch(run: Run): void {
    if (this.run === run && run.writing && performance.now() - run.takenAt > this.stallMs) {
      this.fail(run, new Error(`the device took no audio for ${this.stallMs} ms (its stream stopped)`));
    }
  }

  private fail(run: Run, cause: unknown): void {
    if (this.run !== run) return;
    this.run = undefined;
    clearInterval(run.watch);
    this.counters.fail(new Error(`PortAudioSink: the device failed: ${(cause as Error).message ?? String(cause)}`, { cause }));
    // Releases a write waiting on the dead stream; the quit itself never returns (see the class doc).
    void run.io.quit('ABORT');
  }
}

/** One start-to-stop. */
interface Run {
  io: AudioIO;
  /** performance.now() when the device last took a block. */
  takenAt: number;
  /** A write is waiting for the device. */
  writing: boolean;
  pumping: Promise<void>;
  watch: ReturnType<typeof setInterval> | undefined;
}
