import type { Message, Meters } from '@aither/host';

/** What the main thread asks of the processor besides the shared requests of `@aither/host`: pull or stop pulling. */
export type ControlRequest = { v: number; type: 'start' | 'stop'; id: number };

/** Options the main thread gives the processor when it creates the node (plain data: they are cloned across threads). */
export interface ProcessorInit {
  /** Output channels, 1..8: the runtime's and the node's. */
  channels: number;
  /**
   * Whether the context plays in real time. An offline context renders
   * faster than the clock and may pause between quanta, so late quanta are
   * not counted there.
   */
  realtime: boolean;
  /** A quantum is late when it starts more than this many ms behind the audio thread's best pace (see `LateMeter`). */
  lateAfterMs: number;
  /**
   * Whether `process()` reads the clock to meter its load and late quanta.
   * Default true. Unmetered, the load and late-quanta counters stay 0.
   */
  meters?: boolean;
  /**
   * The shared clock to meter with (`startClock` of `clock.ts`: a worker
   * ticks the time into it). Without it the processor reads `Date.now`, the
   * one clock of an AudioWorkletGlobalScope, which V8 returns as a new heap
   * number per reading: a metered quantum then allocates its two readings.
   */
  clock?: SharedArrayBuffer;
  /** Runtime sizes (see `RuntimeOptions` of `@aither/core`); the rate is always the context's. */
  runtime?: { slotsPerSignal?: number; helperPoolSize?: number; maxSignals?: number; fadeSeconds?: number };
}

/** Counters of the audio thread itself, published with every `stats` message of the worklet. */
/** The helpers' warm-up on the audio thread before the first quantum (see `warmCases` of `@aither/helper-kit`). */
export interface WarmUp {
  /** How long it held the audio thread, ms. */
  ms: number;
  /** Uses of the helpers played (their tables of cases). */
  cases: number;
  /** Cases the worklet could not run (0 unless a helper failed here). */
  skipped: number;
  /** Cases that went live on their compiled loops. */
  live: number;
}

export interface AudioThreadStats {
  /** The context's rate, Hz. */
  sampleRate: number;
  /** Frames the runtime has rendered (it does not advance while stopped). */
  framesRendered: number;
  /** `process()` calls since the processor was created. */
  quanta: number;
  /** Late quanta since the processor was created: the time the device ran dry, in quanta (see `LateMeter`). */
  lateQuanta: number;
  /** Dropouts: calls that started late. */
  lateEpisodes: number;
  /** `process()` calls that took longer than their quantum's time (128 / sr). */
  slowQuanta: number;
  /** How far behind its best pace the audio thread has been at worst, ms. */
  worstLateMs: number;
  /** The longest `process()` call, ms (the clock's 1 ms resolution: an AudioWorkletGlobalScope has no `performance`). */
  maxProcessMs: number;
  /** The longest `process()` call since the previous stats message, as a share of its quantum's time (1 = all of it). */
  peakLoad: number;
  /** Time spent answering messages (evaluations) since the previous stats message, ms: the audio thread renders nothing meanwhile. */
  handlerMs: number;
  /** Signals compiled into one loop (no function of their own). */
  compiledSignals: number;
  /** Signals playing on their closures while their new loops warm (`tiered` in `@aither/core`). */
  warming: number;
  /** Faults sent since the processor was created. */
  faults: number;
  /** Whether the processor is stopped (outputs silence, the runtime does not advance). */
  stopped: boolean;
  /** Whether `process()` reads the clock (see `ProcessorInit.meters`): unmetered, the load and late-quanta counters are 0. */
  metered: boolean;
  /** What `process()` reads the time from: the shared clock of `ProcessorInit.clock`, `Date.now`, or none (unmetered). */
  clock: 'shared' | 'Date.now' | 'none';
  /** The helpers' warm-up before the first quantum: in a real-time context; null in an offline one (nothing there is heard late). */
  warmup: WarmUp | null;
}

/** The worklet's `stats` message: the shared meters of every venue, plus the audio thread's counters. */
export type WorkletStatsMessage = Extract<Message, { type: 'stats' }> & { audio: AudioThreadStats };

/** The worklet's `result` message: the shared reply, and when the new code started to sound. */
export type WorkletResultMessage = Extract<Message, { type: 'result' }> & {
  /** The runtime frame the evaluated code renders from (its first quantum). */
  frame: number;
  /** The context frame (`currentFrame`) of that quantum, when the processor is running. */
  contextFrame: number;
  /** How long the evaluation held the audio thread, ms. */
  evaluateMs: number;
};

/** Anything the processor posts: one message, or a batch of them (faults then stats) at the stats rate. */
export type WorkletMessage = Message | WorkletStatsMessage | WorkletResultMessage;

export type { Meters };
