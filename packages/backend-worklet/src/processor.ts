import { createRuntime } from '@aither/core';
import { faultMessage, Host, PROTOCOL_VERSION, serve, type Message } from '@aither/host';
import { clockView } from './clock.js';
import { LateMeter } from './late-meter.js';
import type { AudioThreadStats, ControlRequest, WarmUp, ProcessorInit, WorkletMessage, WorkletResultMessage, WorkletStatsMessage } from './messages.js';
import { QUANTUM_FRAMES } from './name.js';

/** The part of a `MessagePort` the processor uses (a fake one in Node tests). */
export interface PortLike {
  postMessage(message: unknown): void;
  onmessage: ((event: { data: unknown }) => void) | null;
}

function isControl(data: unknown): data is ControlRequest {
  const m = data as Partial<ControlRequest> | null;
  return typeof m === 'object' && m !== null && m.v === PROTOCOL_VERSION && (m.type === 'start' || m.type === 'stop') && typeof m.id === 'number';
}

/** A clock that needs no reading: the shared clock's worker writes it, an unmetered processor's stays 0. */
const written = (): void => {};

/**
 * The audio thread's side of the worklet: one {@link Host} around a runtime
 * built in the worklet's own scope (functions cannot cross threads, so code
 * arrives as text and is evaluated here, where the pools live across every
 * re-evaluation), serving the messages of `@aither/host` on a port.
 *
 * `process` posts nothing and allocates nothing: metered, it reads the
 * shared clock of `init.clock` (see `clock.ts`); only without one does it fall
 * back to `Date.now`, whose two readings a quantum are heap numbers. Faults
 * and meters wait for the main thread's `stats` request (sent at a low
 * rate), then go out as one batch: the faults since the last batch, then the
 * stats.
 *
 * @example
 * ```ts
 * // In the worklet entry (see aither.worklet.ts):
 * const core = new ProcessorCore(this.port, sampleRate, [helpers], init);
 * // process(inputs, outputs) { return core.process(outputs[0], currentFrame); }
 * ```
 */
export class ProcessorCore {
  readonly host: Host;
  readonly meter: LateMeter;
  private interleaved: Float32Array;
  private stopped = true;
  private faults = 0;
  /**
   * `[0]`: the time, ms. Read in `process()` straight from this array (the
   * shared clock's memory, or the processor's own that `tick` fills from
   * `Date.now`): a double returned by a call that is not inlined is a new
   * heap number, a double read from a typed array is not.
   */
  private readonly time: Float64Array;
  /** Brings `time` up to date: nothing for the shared clock (its worker writes it) or unmetered. */
  private readonly tick: () => void;
  /** The clock at the latest render's start and end, ms. */
  private readonly readings = new Float64Array(2);
  /** ms spent in message handlers: since the previous process() call, since the previous stats. */
  private readonly handled = new Float64Array(2);
  /** ms spent rendering and frames rendered since the previous stats: the `load` meter. */
  private readonly busy = new Float64Array(2);
  private nextContextFrame = 0;
  /** `[0]`: the clock's epoch (0 for a clock of its own); a change: the clock stood still (`LateMeter.input[3]`). */
  private readonly flags: Int32Array;
  private epoch = 0;
  private readonly metered: boolean;

  constructor(
    private readonly port: PortLike,
    readonly sampleRate: number,
    install: ReadonlyArray<Record<string, unknown>>,
    private readonly init: ProcessorInit,
    /** ms, where `init.clock` is not given: `Date.now`, the one clock of an AudioWorkletGlobalScope. */
    clock: () => number = Date.now,
    /** The helpers' warm-up run before this processor (see aither.worklet.ts), reported in its stats. */
    private readonly warmup: WarmUp | null = null,
  ) {
    this.metered = init.meters !== false;
    const shared = this.metered && init.clock ? clockView(init.clock) : undefined;
    const time = shared?.time ?? new Float64Array(1);
    this.time = time;
    this.flags = shared?.flags ?? new Int32Array(1);
    this.tick =
      init.meters === false || shared
        ? written
        : () => {
            time[0] = clock();
          };
    // Live, a new loop plays on its closures while it warms between quanta (`tiered` in `@aither/core`).
    const runtime = createRuntime({ ...init.runtime, sampleRate, channels: init.channels, install, tiered: init.realtime });
    // The processor times the render itself (into typed arrays, see `time`),
    // so the host's own load clock is a constant: its `load` is replaced by
    // the processor's in every stats message. The clock the host warms new
    // loops by is read only while some warm (when the closures they play on
    // allocate anyway).
    const tick = this.tick;
    this.host = new Host(
      runtime,
      () => 0,
      () => {
        tick();
        return time[0]!;
      },
    );
    // The playground shows each signal's level: measured in render, read with the stats.
    this.host.meterSignals();
    this.meter = new LateMeter(sampleRate, init.lateAfterMs, init.realtime);
    this.interleaved = new Float32Array(QUANTUM_FRAMES * init.channels);
    port.onmessage = (event) => this.receive(event.data);
  }

  /** The clock, ms (for message handlers: a reading here may allocate). */
  private now(): number {
    this.tick();
    return this.time[0]!;
  }

  /**
   * Renders one quantum into `output` (one Float32Array per channel) and
   * returns true (keep the node alive). `contextFrame` is the worklet's
   * `currentFrame`. Allocates nothing (on `Date.now`: its two readings).
   */
  process(output: Float32Array[] | undefined, contextFrame: number): boolean {
    const frames = output && output.length > 0 ? output[0]!.length : QUANTUM_FRAMES;
    this.nextContextFrame = contextFrame + frames;
    const readings = this.readings;
    const time = this.time;
    this.tick();
    readings[0] = time[0]!;
    // The shared clock's worker was not scheduled for a while (a new epoch,
    // read after the time: its worker writes it before the time): the calls
    // that read the frozen value do not set the pace. No branch: one first
    // taken in optimised code would deoptimise it (see LateMeter.record).
    const epoch = Atomics.load(this.flags, 0);
    const input = this.meter.input;
    input[3] = epoch - this.epoch;
    this.epoch = epoch;
    if (output && !this.stopped) {
      const C = this.init.channels;
      // A larger quantum (a future render size) is met once, not per call.
      if (this.interleaved.length < frames * C) this.interleaved = new Float32Array(frames * C);
      const block = this.interleaved;
      this.host.render(block, frames);
      const n = output.length < C ? output.length : C;
      for (let c = 0; c < n; c++) {
        const plane = output[c]!;
        for (let i = 0, j = c; i < frames; i++, j += C) plane[i] = block[j]!;
      }
      this.tick();
      readings[1] = time[0]!;
      const busy = this.busy;
      busy[0] += readings[1]! - readings[0]!;
      busy[1] += frames;
    } else {
      if (output) for (let c = 0; c < output.length; c++) output[c]!.fill(0);
      readings[1] = readings[0]!;
    }
    input[0] = readings[0]!;
    input[1] = readings[1]! - readings[0]!;
    input[2] = this.handled[0]!;
    this.handled[0] = 0;
    // Unmetered, the meter only counts the call (its readings would all be 0).
    if (this.metered) this.meter.record();
    else this.meter.quanta++;
    return true;
  }

  /** Answers one message from the main thread. */
  receive(data: unknown): void {
    const started = this.now();
    try {
      this.port.postMessage(this.answer(data, started));
    } finally {
      const spent = this.now() - started;
      this.handled[0] += spent;
      this.handled[1] += spent;
    }
  }

  private answer(data: unknown, started: number): WorkletMessage | WorkletMessage[] {
    if (isControl(data)) {
      this.stopped = data.type === 'stop';
      if (!this.stopped) this.meter.restart();
      return { v: PROTOCOL_VERSION, type: 'done', id: data.id };
    }
    const reply = serve(this.host, data);
    if (reply.type === 'result') {
      const result: WorkletResultMessage = { ...reply, frame: this.host.runtime.frame, contextFrame: this.nextContextFrame, evaluateMs: this.now() - started };
      return result;
    }
    if (reply.type === 'stats') {
      // The host's own clock is a constant (see the constructor): its load is the processor's.
      const busy = this.busy;
      const audioMs = (busy[1]! * 1000) / this.sampleRate;
      reply.meters.load = audioMs > 0 ? busy[0]! / audioMs : 0;
      busy[0] = 0;
      busy[1] = 0;
      return this.batch(reply);
    }
    return reply;
  }

  /** The faults since the previous batch, then the stats. */
  private batch(stats: Extract<Message, { type: 'stats' }>): WorkletMessage[] {
    const batch: WorkletMessage[] = this.host.faults().map(faultMessage);
    this.faults += batch.length;
    const message: WorkletStatsMessage = { ...stats, audio: this.audioStats() };
    batch.push(message);
    return batch;
  }

  private audioStats(): AudioThreadStats {
    const m = this.meter;
    const quantumMs = (QUANTUM_FRAMES * 1000) / this.sampleRate;
    const runtime = this.host.runtime.stats();
    const stats: AudioThreadStats = {
      sampleRate: this.sampleRate,
      framesRendered: this.host.runtime.frame,
      quanta: m.quanta,
      lateQuanta: m.lateQuanta,
      lateEpisodes: m.lateEpisodes,
      slowQuanta: m.slowQuanta,
      worstLateMs: m.worstLateMs,
      maxProcessMs: m.maxProcessMs,
      peakLoad: m.takePeriodMax() / quantumMs,
      handlerMs: this.handled[1]!,
      compiledSignals: runtime.compiledSignals,
      warming: runtime.warming,
      faults: this.faults,
      stopped: this.stopped,
      metered: this.init.meters !== false,
      clock: this.init.meters === false ? 'none' : this.init.clock ? 'shared' : 'Date.now',
      warmup: this.warmup,
    };
    this.handled[1] = 0;
    return stats;
  }
}
