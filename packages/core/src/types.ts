/**
 * What a signal function sees, once per sample frame (and once per channel for
 * multi-channel signals). The runtime reuses one object for every call: read
 * from it, never keep it.
 */
export interface SignalContext {
  /** The runtime's clock in seconds: `frame / sr`, shared by every signal. */
  readonly t: number;
  /** Sample frames rendered since the runtime started (an integer). */
  frame: number;
  /** Sample rate in Hz. */
  readonly sr: number;
  /** Seconds per frame, `1 / sr`. */
  readonly dt: number;
  /** Name of the signal being rendered. */
  name: string;
  /** The signal's own `slotsPerSignal` slots; they survive re-registration. */
  state: Float64Array;
  /** Channels this signal renders (1 = mono, copied to every output channel). */
  channels: number;
  /** The channel being computed, `0 .. channels - 1`. */
  ch: number;
}

/** A signal: called per frame (and per channel), returns the sample. */
export type Signal = (s: SignalContext) => number;

/**
 * A helper parameter: a constant, or a signal that modulates it per frame.
 * `T` names what the number means (`Param<Hz>`; see units.ts); any number fits.
 */
export type Param<T extends number = number> = T | Signal;

/** Options of {@link createRuntime}. */
export interface RuntimeOptions {
  /** Sample rate in Hz, e.g. 44100 or 48000. */
  sampleRate: number;
  /** Output channels (interleaved in `render`), 1..8. Default 2. */
  channels?: number;
  /** Size of each signal's `s.state`, in Float64 slots. Default 64. */
  slotsPerSignal?: number;
  /**
   * Size of the helper memory, in Float64 slots (8 bytes each). Default
   * `40 × sampleRate`: 1,920,000 slots (15.4 MB) at 48 kHz, which holds 78
   * seed chains (a seed chain takes 24,525 slots at 48 kHz, most of it its
   * 0.5 s delay line), at any rate.
   */
  helperPoolSize?: number;
  /**
   * Slots the helper memory may grow to, at evaluation (never while rendering),
   * when a session's helpers do not fit: the pool is copied into a larger one
   * (doubling) and every loop moves to it with its state, so nothing drops out.
   * Default: 8 × the default size (123 MB at 48 kHz) when `helperPoolSize` is
   * not set; `helperPoolSize` (no growth) when it is. A value below
   * `helperPoolSize` means no growth. Past it, or while a raw `onBind` helper
   * (which keeps the memory in its own closure) is bound, a claim that does
   * not fit throws `PoolExhaustedError` naming the pool size it needs, and the
   * previous session keeps playing.
   */
  maxHelperPoolSize?: number;
  /** Most signals alive at once. Default 256. */
  maxSignals?: number;
  /** Fade applied when a signal starts, stops or is removed, in seconds. Default 0.005. */
  fadeSeconds?: number;
  /** Helper packages (their exports) to put in the session scope, e.g. `[helpers, physical]`. */
  install?: ReadonlyArray<Record<string, unknown>>;
  /**
   * Frame the clock starts at (an integer >= 0, default 0): a venue clock, or a
   * test of an installation that has played for weeks (2^32 frames at 48 kHz
   * is about 24.9 hours). `s.frame` and `s.t` start there; helpers' state does not depend on it.
   */
  startFrame?: number;
  /**
   * Tiered loops, for a host that plays live (default false). A signal whose
   * loop is new plays on its helpers' closures (warm code, the same samples)
   * from the next block, while the host's calls of `Runtime.warm` make its
   * loop and warm it on scratch memory between blocks; then the loop takes
   * over, changing no sample. Without it a new loop plays at once, and its
   * first blocks run cold (a piece of many signals then overruns its blocks).
   */
  tiered?: boolean;
  /** Calls of a new loop on scratch memory before it takes over (a tiered runtime). Default 600 (of 32 frames). */
  warmCalls?: number;
}

/** Options of `register`/`play`. */
export interface RegisterOptions {
  /**
   * Channels the signal computes. Default: the widest channel count its
   * helpers declare (e.g. `pan` declares 2), else 1. Clamped to the runtime's.
   */
  channels?: number;
  /** Fade-in for a new signal, in seconds. */
  fadeSeconds?: number;
}

/** `runtime.stats()`: pool usage, in slots. */
export interface RuntimeStats {
  signals: number;
  signalSlotsUsed: number;
  /** Slots of the signal pool in all (`maxSignals × slotsPerSignal`). */
  signalSlots: number;
  helperSlotsUsed: number;
  helperSlotsFree: number;
  helperBlocks: number;
  largestFreeBlock: number;
  /**
   * Signals whose whole chain is made of kernels, compiled into one loop that
   * renders a block at a time. The others call functions of their own
   * (`s => ...`) and render frame by frame. A kernel's step the compiler
   * cannot read is still called from the loop: see {@link RuntimeStats.writtenIn}.
   */
  compiledSignals: number;
  /**
   * Signals written into one loop in whole: every kernel's step (and prepare)
   * is written in as source, and nothing is called. `compiledSignals` minus
   * this is how many loops call a step (`inlineReport` says why).
   */
  writtenIn: number;
  /** Signals playing on their closures while their new loops warm (a tiered runtime: see `Runtime.warm`). */
  warming: number;
}

/**
 * A signal muted because it misbehaved while rendering (`threw`,
 * `non-finite`), or a verb that session code called after its evaluation had
 * returned (from a timer) and that failed, changing nothing (`rejected`).
 */
export interface SignalFault {
  signal: string;
  kind: 'threw' | 'non-finite' | 'rejected';
  message: string;
  /** Frame at which it happened. */
  frame: number;
  error?: unknown;
}
