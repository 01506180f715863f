/**
 * Fills `frames · channels` interleaved samples of `out` (the runtime's
 * `render`). A sink owns `out` and may hand it to its device only after this
 * returns.
 */
export type RenderBlock = (out: Float32Array, frames: number) => void;

/**
 * What a sink tells its host while it plays, besides the counters of
 * {@link AudioSink.status}. Both are called outside `render`, never from it,
 * and never throw into the sink: a listener's error is the host's.
 */
export interface SinkReport {
  /** The device failed: the sink has stopped pulling; the runtime and its state are untouched, so the host may start again. */
  error?(error: Error): void;
  /** The device ran dry: `frames` of silence (or a repeat the device chose) were heard instead of the runtime's output. */
  underrun?(frames: number): void;
}

/** Counters a host reads at any time (cheap: no allocation beyond the object). */
export interface SinkStatus {
  /** Whether the sink is pulling. */
  running: boolean;
  /** Frames rendered since the first `start` (across restarts). */
  framesRendered: number;
  /** Underrun events since the first `start`. */
  underruns: number;
  /** Frames the device played as silence because the runtime's output came late. */
  underrunFrames: number;
  /**
   * Of `underruns`, those the host's own work explains: since the pull before,
   * its event loop was busy (rendering, evaluating, collecting garbage) for the
   * sink's slack or longer, its latency less one block. The others came while
   * it waited: the system woke it late, or the device's side ran dry. Sinks
   * that cannot tell leave it out.
   */
  underrunsBusy?: number;
  /** The last device error, if any (cleared by a successful `start`). */
  error?: Error;
}

/**
 * Where rendered audio goes. A sink pulls fixed blocks from a {@link RenderBlock}
 * at its device's pace; each backend (offline, null, WAV, node-speaker,
 * PortAudio, AudioWorklet) implements this and nothing more.
 *
 * Contract:
 * - `render` is called with `out.length >= frames · channels` and
 *   `frames <= blockFrames`, one call at a time, never after `stop()` resolved.
 * - A sink never reuses a buffer while its device may still read it.
 * - Latency: at most `latencyFrames` frames are rendered ahead of what the
 *   device has played.
 * - A device error is reported through {@link SinkReport.error} and counted in
 *   {@link SinkStatus.error}; it is never thrown into `render` or the runtime.
 * - `start` after `stop` plays on from the runtime's current frame.
 */
export interface AudioSink {
  /** Hz. */
  readonly sampleRate: number;
  /** Interleaved channels per frame. */
  readonly channels: number;
  /** Frames per `render` call (the last block of a finite sink may be shorter). */
  readonly blockFrames: number;
  /** Frames rendered ahead of the device at most: the latency this sink adds, `latencyFrames / sampleRate` seconds. */
  readonly latencyFrames: number;
  /**
   * Starts pulling. Resolves once the device runs (a finite sink: once it is
   * done); rejects, changing nothing, when the device cannot open.
   */
  start(render: RenderBlock, report?: SinkReport): Promise<void>;
  /** Stops pulling and releases the device; resolves when `render` will not be called again. Harmless when stopped. */
  stop(): Promise<void>;
  /** The sink's counters. */
  status(): SinkStatus;
}
