import type { EvaluateOptions, RenderBlock, Runtime, SignalFault } from '@aither/core';
import { evaluateReply, type EvaluateReply } from './result.js';

function clock(): () => number {
  const perf = (globalThis as { performance?: { now(): number } }).performance;
  return perf ? () => perf.now() : () => Date.now();
}

/** What a venue shows about the runtime it plays (a status line, a meter, a stats message). */
export interface Meters {
  /** Seconds played (the runtime's clock). */
  seconds: number;
  /** Largest |sample| since the previous `meters()` call, 0..1 (the output is clipped). */
  peak: number;
  /** Signals playing. */
  signals: number;
  /** Share of the helper pool in use, 0..1. */
  poolUse: number;
  /** Time spent rendering as a share of the audio it produced, since the previous call (1 = all of real time). */
  load: number;
  /** The pools' gauges. Optional: a venue of an earlier v1 does not send them. */
  pool?: PoolGauges;
  /** Each signal's largest |sample| since the previous call, by name, where the venue meters signals (see {@link Host.meterSignals}). */
  levels?: Record<string, number>;
  /**
   * The last {@link WAVE_FRAMES} frames of the output, mixed to mono, oldest
   * first, where a venue sends its sound's shape (a server: the page that
   * shows it has no audio of its own to draw a scope or spectrum from).
   */
  wave?: number[];
}

/**
 * How far behind real time renders may be taken to be, ms. Past it the
 * stream has dropped out anyway, with nothing to catch up; and a clock that
 * jumps (a shared clock read before its first tick) must not stop the
 * warming for good.
 */
const MOST_BEHIND_MS = 250;

/** `ms` behind real time, within 0 .. {@link MOST_BEHIND_MS}. */
function behind(ms: number): number {
  return ms > MOST_BEHIND_MS ? MOST_BEHIND_MS : ms > 0 ? ms : 0;
}

/** Frames of output {@link Host.wave} keeps: 2048, about 43 ms at 48 kHz (a scope, a 2048-point spectrum). */
export const WAVE_FRAMES = 2048;

/** How full the two pools are (see `RuntimeStats` of `@aither/core`). */
export interface PoolGauges {
  /** Signal pool: slots in use and in all. */
  signalSlotsUsed: number;
  signalSlots: number;
  /** Helper pool: slots in use and in all. */
  helperSlotsUsed: number;
  helperSlots: number;
  /** Helper blocks claimed, and the largest free run of slots. */
  blocks: number;
  largestFreeBlock: number;
}

/**
 * The loop every venue runs around one runtime: evaluate code and say how it
 * went, render with meters, drain faults, hush. It does no I/O; a venue (the
 * terminal, a server, the worklet) adapts only its transport.
 *
 * @example
 * ```ts
 * const host = new Host(createRuntime({ sampleRate: 48000, install: [helpers] }));
 * host.evaluate("play('a', gain(osc(440), 0.2))"); // { ok: true, registered: ['a'], ... }
 * await sink.start(host.render);
 * host.meters(); // { seconds, peak: 0.2, signals: 1, poolUse, load }
 * ```
 */
export class Host {
  /** Largest |sample| over the whole run. */
  peakEver = 0;
  private peak = 0;
  private busyMs = 0;
  /** How far the renders (and evaluations) are behind real time while loops warm, had each block been due one block after the last: ms. */
  private behindMs = 0;
  private frames = 0;
  private metering = false;

  constructor(
    readonly runtime: Runtime,
    /** Milliseconds, for the load meter (an AudioWorkletGlobalScope has no `performance`: then `Date.now`). */
    private readonly now: () => number = clock(),
    /**
     * Milliseconds, for warming a tiered runtime's new loops between renders
     * (see {@link Host.render}); read only while some loop warms, and at
     * each evaluation. Default: `now`.
     */
    private readonly warmNow: () => number = now,
  ) {}

  /** Evaluates session code (`'session'`: the whole piece) or a snippet (adds or replaces only). */
  evaluate(code: string, mode: EvaluateOptions['mode'] = 'session'): EvaluateReply {
    const before = this.runtime.warming;
    const started = this.warmNow();
    const reply = evaluateReply(this.runtime, code, mode);
    // The evaluation ran where the blocks render: the next blocks warm no loop until they have caught up.
    this.behindMs = behind((before ? this.behindMs : 0) + this.warmNow() - started);
    return reply;
  }

  /** A sink's render function: the runtime's, measured. */
  readonly render: RenderBlock = (out, frames) => {
    const started = this.now();
    const runtime = this.runtime;
    const warming = runtime.warming;
    const from = warming ? this.warmNow() : 0;
    runtime.render(out, frames);
    if (warming) this.warmAfter(frames, from);
    this.busyMs += this.now() - started;
    this.frames += frames;
    let peak = this.peak;
    const n = frames * this.runtime.channels;
    for (let i = 0; i < n; i++) {
      const v = out[i]!;
      if (v > peak) peak = v;
      else if (-v > peak) peak = -v;
    }
    this.peak = peak;
    if (peak > this.peakEver) this.peakEver = peak;
    if (!this.keepingWave) return;
    // The output's shape for {@link Host.wave}: each frame mixed to mono into a fixed ring.
    const channels = this.runtime.channels;
    const ring = this.ring;
    let at = this.ringAt;
    for (let f = 0; f < frames; f++) {
      let sum = 0;
      for (let c = 0; c < channels; c++) sum += out[f * channels + c]!;
      ring[at] = sum / channels;
      at = at + 1 === WAVE_FRAMES ? 0 : at + 1;
    }
    this.ringAt = at;
  };

  /**
   * New loops are made and warmed in the time a block leaves over: up to half
   * its real time in all (a tenth at least, so that a heavy mix on closures
   * still moves on to its loops), and only while the renders are not behind
   * real time (one step can take a few ms: a compile). `from`: when the
   * block's render started, on the warm clock.
   */
  private warmAfter(frames: number, from: number): void {
    const runtime = this.runtime;
    const now = this.warmNow;
    const blockMs = (frames * 1000) / runtime.sampleRate;
    if (this.behindMs === 0) runtime.warm(Math.max(from + 0.5 * blockMs, now() + 0.1 * blockMs), now);
    this.behindMs = behind(this.behindMs + now() - from - blockMs);
  }

  private readonly ring = new Float32Array(WAVE_FRAMES);
  private ringAt = 0;
  private keepingWave = false;

  /** Keeps the output's last frames for {@link Host.wave} (a venue that sends its sound's shape; off by default: it costs a pass over each block). */
  keepWave(on = true): void {
    this.keepingWave = on;
  }

  /** The last {@link WAVE_FRAMES} frames rendered while {@link Host.keepWave} is on, mono, oldest first, rounded to 1e-5 (sent as JSON). */
  wave(): number[] {
    const wave = new Array<number>(WAVE_FRAMES);
    for (let i = 0; i < WAVE_FRAMES; i++) wave[i] = Math.round(this.ring[(this.ringAt + i) % WAVE_FRAMES]! * 1e5) / 1e5;
    return wave;
  }

  /** Fades every signal out over `fadeSeconds` and removes it. */
  hush(fadeSeconds = 0.1): void {
    this.runtime.clear(fadeSeconds);
  }

  /** Stops everything at once (the panic key): no fade. */
  panic(): void {
    this.runtime.clear(0);
  }

  /** Faults since the last call (a signal muted for throwing or going non-finite, a late verb refused). */
  faults(): SignalFault[] {
    return this.runtime.drainErrors();
  }

  /** Measures each signal's level for {@link Host.meters} (the runtime's output is unchanged; it costs two passes over each signal's block). */
  meterSignals(on = true): void {
    this.metering = on;
    this.runtime.meterSignals(on);
  }

  /** The meters, and a new measuring period for peak, load and levels. */
  meters(): Meters {
    const stats = this.runtime.stats();
    const pool = stats.helperSlotsUsed + stats.helperSlotsFree;
    const audioMs = (this.frames * 1000) / this.runtime.sampleRate;
    const meters: Meters = {
      seconds: this.runtime.time,
      peak: this.peak,
      signals: stats.signals,
      poolUse: pool > 0 ? stats.helperSlotsUsed / pool : 0,
      load: audioMs > 0 ? this.busyMs / audioMs : 0,
      pool: {
        signalSlotsUsed: stats.signalSlotsUsed,
        signalSlots: stats.signalSlots,
        helperSlotsUsed: stats.helperSlotsUsed,
        helperSlots: pool,
        blocks: stats.helperBlocks,
        largestFreeBlock: stats.largestFreeBlock,
      },
    };
    if (this.metering) meters.levels = this.runtime.levels();
    this.peak = 0;
    this.busyMs = 0;
    this.frames = 0;
    return meters;
  }
}
