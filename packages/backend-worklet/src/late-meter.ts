/**
 * Counts late quanta on the audio thread, allocating nothing.
 *
 * A real-time context calls `process()` in bursts (several quanta per device
 * callback), so the time between two calls says little. What matters is the
 * pace over time: at the start of each call the meter computes how far the
 * thread is behind the audio clock,
 *
 *     behind = (now − t₀) − (frames − f₀) / sr        (ms)
 *
 * and keeps `best`, the least it has been behind (where the device's buffer
 * was fullest). When a call starts more than `lateAfterMs` behind `best` (by
 * default the context's `baseLatency`, the device callback's length, which
 * the buffer absorbs), the device has run dry for the excess: that excess, in
 * quanta (rounded up), is counted as **late quanta**, and the episode as one
 * dropout. The device then plays on from there (Chromium fills the missed time
 * with silence and grows its buffer), so the pace is re-anchored at this call:
 * catching up afterwards is not counted again, a thread that stays too slow is.
 * A 100 ms stall at 44.1 kHz with a 10 ms buffer counts (100 − 10) / 2.9 ≈ 31
 * late quanta: the silence heard, in quanta.
 *
 * Separately, a call that itself took longer than its quantum's time
 * (128 / sr) is a **slow quantum**.
 *
 * `best` creeps up by {@link LateMeter.relaxMsPerQuantum} each quantum so that a
 * device clock running a little slower than `Date.now` (parts per million)
 * does not count as lateness after hours. A pause between calls that the
 * thread did not spend in its own message handlers (the context suspended)
 * starts a new measure instead of counting as lateness.
 *
 * @example
 * ```ts
 * const meter = new LateMeter(48000, 10);
 * const started = Date.now();
 * // ... render the quantum
 * meter.input[0] = started;
 * meter.input[1] = Date.now() - started;
 * meter.input[2] = msInHandlersSinceLastCall;
 * meter.record();
 * meter.lateQuanta;
 * ```
 */
export class LateMeter {
  /**
   * The next call's inputs, ms: `[0]` the clock at its start, `[1]` how long
   * it took, `[2]` the time spent in message handlers since the previous
   * call. A typed array, because a number passed to a method that is not
   * inlined is boxed: a heap allocation per call.
   */
  readonly input = new Float64Array(3);
  /** Calls measured. */
  quanta = 0;
  /** Late quanta: the time the device ran dry, in quanta (see the class). */
  lateQuanta = 0;
  /** Dropouts: calls that started late. */
  lateEpisodes = 0;
  /** Calls that took longer than their quantum's time. */
  slowQuanta = 0;
  /** Most ms behind `best`, ever. */
  worstLateMs = 0;
  /** Longest call, ms, ever. */
  maxProcessMs = 0;
  /** Longest call since {@link LateMeter.takePeriodMax}, ms. */
  periodMaxMs = 0;
  /** How much `best` relaxes per quantum, ms (0.0015 ms ≈ 0.5 ms per second of audio: far more than clock drift, far less than a stall). */
  relaxMsPerQuantum = 0.0015;
  /** A pause longer than this, not spent in message handlers, restarts the measure (ms). */
  restartAfterMs = 500;
  private anchorMs = 0;
  private anchorQuanta = 0;
  private best = 0;
  private lastMs = 0;
  private anchored = false;
  private readonly quantumMs: number;

  constructor(
    /** Hz. */
    readonly sampleRate: number,
    /** ms behind the best pace before a quantum counts as late. */
    public lateAfterMs: number,
    /** Whether to count lateness at all (an offline context has no deadline). */
    public enabled = true,
    /** Frames per call. */
    quantumFrames = 128,
  ) {
    this.quantumMs = (quantumFrames * 1000) / sampleRate;
  }

  /** Starts a new measure at the next call (the context resumed). */
  restart(): void {
    this.anchored = false;
  }

  /** Measures one `process()` call from {@link LateMeter.input}. */
  record(): void {
    const input = this.input;
    const nowMs = input[0]!;
    const elapsedMs = input[1]!;
    const quanta = this.quanta++;
    if (elapsedMs > this.quantumMs) this.slowQuanta++;
    if (elapsedMs > this.maxProcessMs) this.maxProcessMs = elapsedMs;
    if (elapsedMs > this.periodMaxMs) this.periodMaxMs = elapsedMs;
    if (!this.enabled) return;
    if (this.anchored && nowMs - this.lastMs - input[2]! > this.restartAfterMs) this.anchored = false;
    this.lastMs = nowMs;
    if (!this.anchored) {
      this.anchored = true;
      this.anchorMs = nowMs;
      this.anchorQuanta = quanta;
      this.best = 0;
      return;
    }
    const behind = nowMs - this.anchorMs - (quanta - this.anchorQuanta) * this.quantumMs;
    const relaxed = this.best + this.relaxMsPerQuantum;
    this.best = behind < relaxed ? behind : relaxed;
    const lateBy = behind - this.best;
    if (lateBy > this.worstLateMs) this.worstLateMs = lateBy;
    if (lateBy > this.lateAfterMs) {
      this.lateQuanta += Math.ceil((lateBy - this.lateAfterMs) / this.quantumMs);
      this.lateEpisodes++;
      this.best = behind - this.lateAfterMs;
    }
  }

  /** The longest call since the previous take, ms; starts a new period. */
  takePeriodMax(): number {
    const max = this.periodMaxMs;
    this.periodMaxMs = 0;
    return max;
  }
}
