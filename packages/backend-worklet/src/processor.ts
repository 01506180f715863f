import { createRuntime } from '@aither/core';
import { faultMessage, Host, PROTOCOL_VERSION, serve, type Message } from '@aither/host';
import { LateMeter } from './late-meter.js';
import type { AudioThreadStats, ControlRequest, ProcessorInit, WorkletMessage, WorkletResultMessage, WorkletStatsMessage } from './messages.js';
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

/** The clock of an unmetered processor: always 0 ms. */
const unmetered = (): number => 0;

/**
 * The audio thread's side of the worklet: one {@link Host} around a runtime
 * built in the worklet's own scope (functions cannot cross threads, so code
 * arrives as text and is evaluated here, where the pools live across every
 * re-evaluation), serving the messages of `@aither/host` on a port.
 *
 * `process` posts nothing and allocates nothing but the clock's two readings
 * (none when `init.meters` is false). Faults and meters wait for
 * the main thread's `stats` request (sent at a low rate), then go out as one
 * batch: the faults since the last batch, then the stats.
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
  /** The clock at the latest render's start and end, ms, and whether the render has read it yet (0 before). */
  private readonly readings = new Float64Array(3);
  /** ms spent in message handlers: since the previous process() call, since the previous stats. */
  private readonly handled = new Float64Array(2);
  private nextContextFrame = 0;
  private readonly now: () => number;

  constructor(
    private readonly port: PortLike,
    readonly sampleRate: number,
    install: ReadonlyArray<Record<string, unknown>>,
    private readonly init: ProcessorInit,
    /** ms; `Date.now`, the only clock of an AudioWorkletGlobalScope. */
    clock: () => number = Date.now,
  ) {
    // Unmetered, the clock is a constant small integer: nothing to allocate.
    const now = init.meters === false ? unmetered : clock;
    this.now = now;
    const runtime = createRuntime({ ...init.runtime, sampleRate, channels: init.channels, install, tiered: init.realtime });
    // The host reads the clock before and after each render; its first and
    // last readings are the quantum's start and end for the meter too, so
    // that a quantum reads the clock twice in all (each reading is a new heap
    // number in V8: the one allocation left in process()). While new loops
    // warm, the host reads it between their steps as well.
    const readings = this.readings;
    this.host = new Host(runtime, () => {
      const t = now();
      if (readings[2] === 0) readings[0] = t;
      readings[1] = t;
      readings[2] = 1;
      return t;
    });
    // The playground shows each signal's level: measured in render, read with the stats.
    this.host.meterSignals();
    this.meter = new LateMeter(sampleRate, init.lateAfterMs, init.realtime);
    this.interleaved = new Float32Array(QUANTUM_FRAMES * init.channels);
    port.onmessage = (event) => this.receive(event.data);
  }

  /**
   * Renders one quantum into `output` (one Float32Array per channel) and
   * returns true (keep the node alive). `contextFrame` is the worklet's
   * `currentFrame`. Allocates nothing but the clock's two readings (metered).
   */
  process(output: Float32Array[] | undefined, contextFrame: number): boolean {
    const frames = output && output.length > 0 ? output[0]!.length : QUANTUM_FRAMES;
    this.nextContextFrame = contextFrame + frames;
    const readings = this.readings;
    if (output && !this.stopped) {
      const C = this.init.channels;
      // A larger quantum (a future render size) is met once, not per call.
      if (this.interleaved.length < frames * C) this.interleaved = new Float32Array(frames * C);
      const block = this.interleaved;
      readings[2] = 0;
      this.host.render(block, frames);
      const n = output.length < C ? output.length : C;
      for (let c = 0; c < n; c++) {
        const plane = output[c]!;
        for (let i = 0, j = c; i < frames; i++, j += C) plane[i] = block[j]!;
      }
    } else {
      if (output) for (let c = 0; c < output.length; c++) output[c]!.fill(0);
      readings[0] = this.now();
      readings[1] = readings[0]!;
    }
    const input = this.meter.input;
    input[0] = readings[0]!;
    input[1] = readings[1]! - readings[0]!;
    input[2] = this.handled[0]!;
    this.handled[0] = 0;
    this.meter.record();
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
    if (reply.type === 'stats') return this.batch(reply);
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
    };
    this.handled[1] = 0;
    return stats;
  }
}
