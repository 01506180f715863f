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
 * meter.begin(Date.now(), framesRendered, 0); // at the start of process()
 * meter.end(Date.now() - started);             // at its end
 * meter.lateQuanta;
 * ```
 */
export class LateMeter {
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
  private anchorFrame = 0;
  private best = 0;
  private lastMs = 0;
  private anchored = false;
  private readonly quantumMs: number;

  constructor(
    /** Hz. */
    readonly sampleRate: number,
    /** ms behind the best pace before a quantum counts as late. */
    public lateAfterMs: number,
    /** Whether to count at all (an offline context has no deadline). */
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

  /**
   * At the start of `process()`: `nowMs` the clock, `frames` the frames the
   * thread has produced so far, `handledMs` the time spent in message
   * handlers since the previous call.
   */
  begin(nowMs: number, frames: number, handledMs: number): void {
    this.quanta++;
    if (!this.enabled) return;
    if (this.anchored && nowMs - this.lastMs - handledMs > this.restartAfterMs) this.anchored = false;
    this.lastMs = nowMs;
    if (!this.anchored) {
      this.anchored = true;
      this.anchorMs = nowMs;
      this.anchorFrame = frames;
      this.best = 0;
      return;
    }
    const behind = nowMs - this.anchorMs - ((frames - this.anchorFrame) * 1000) / this.sampleRate;
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

  /** At the end of `process()`: how long it took, ms. */
  end(elapsedMs: number): void {
    if (elapsedMs > this.quantumMs) this.slowQuanta++;
    if (elapsedMs > this.maxProcessMs) this.maxProcessMs = elapsedMs;
    if (elapsedMs > this.periodMaxMs) this.periodMaxMs = elapsedMs;
  }

  /** The longest call since the previous take, ms; starts a new period. */
  takePeriodMax(): number {
    const max = this.periodMaxMs;
    this.periodMaxMs = 0;
    return max;
  }
}
