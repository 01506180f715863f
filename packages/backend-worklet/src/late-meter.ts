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
 * A clock ticked by another thread can stand still while that thread is not
 * scheduled, then jump: calls read on the frozen value seem ever further
 * ahead of their pace, and the jump would read as lateness. When its owner
 * says so (`input[3]` non-zero), the meter measures that call against the
 * best pace it knew before the frozen value was first read.
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
   * call; `[3]` non-zero when the clock stood still before this call (see
   * the class). A typed array, because a number passed to a method that is
   * not inlined is boxed: a heap allocation per call.
   */
  readonly input = new Float64Array(4);
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
  /** `best` before the first call that read the current clock value. */
  private bestBeforeValue = 0;
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

  /**
   * Measures one `process()` call from {@link LateMeter.input}.
   *
   * Written without a branch that only a rare call takes (a dropout, a
   * pause, a clock that stood still): every field is read and every value
   * computed on each call, and the rare case only picks between them. A
   * branch first taken in optimised code deoptimises `process()`, which then
   * runs unoptimised, boxing its doubles, for up to ~100,000 calls.
   */
  record(): void {
    const input = this.input;
    const nowMs = input[0]!;
    const elapsedMs = input[1]!;
    const quanta = this.quanta;
    const quantumMs = this.quantumMs;
    this.quanta = quanta + 1;
    this.slowQuanta += elapsedMs > quantumMs ? 1 : 0;
    const maxMs = this.maxProcessMs;
    this.maxProcessMs = elapsedMs > maxMs ? elapsedMs : maxMs;
    const periodMs = this.periodMaxMs;
    this.periodMaxMs = elapsedMs > periodMs ? elapsedMs : periodMs;
    if (!this.enabled) return;
    const lastMs = this.lastMs;
    const bestBeforeValue = this.bestBeforeValue;
    // A new measure: the first call, or after a pause not spent in handlers.
    const restart = !this.anchored || nowMs - lastMs - input[2]! > this.restartAfterMs;
    const anchorMs = restart ? nowMs : this.anchorMs;
    const anchorQuanta = restart ? quanta : this.anchorQuanta;
    // The clock stood still before this call: the calls on its frozen value do not set the pace.
    let best = input[3]! !== 0 ? bestBeforeValue : this.best;
    best = restart ? 0 : best;
    const before = nowMs !== lastMs || restart ? best : bestBeforeValue;
    const behind = nowMs - anchorMs - (quanta - anchorQuanta) * quantumMs;
    const relaxed = best + this.relaxMsPerQuantum;
    best = behind < relaxed ? behind : relaxed;
    const lateBy = behind - best;
    const worst = this.worstLateMs;
    this.worstLateMs = lateBy > worst ? lateBy : worst;
    const late = lateBy > this.lateAfterMs;
    const lateQuanta = Math.ceil((lateBy - this.lateAfterMs) / quantumMs);
    const reanchored = behind - this.lateAfterMs;
    this.lateQuanta += late ? lateQuanta : 0;
    this.lateEpisodes += late ? 1 : 0;
    // Counted: the pace is taken from here, and a clock that stood still up to here does not count it again.
    this.best = late ? reanchored : best;
    this.bestBeforeValue = late ? reanchored : before;
    this.anchored = true;
    this.anchorMs = anchorMs;
    this.anchorQuanta = anchorQuanta;
    this.lastMs = nowMs;
  }

  /** The longest call since the previous take, ms; starts a new period. */
  takePeriodMax(): number {
    const max = this.periodMaxMs;
    this.periodMaxMs = 0;
    return max;
  }
}
