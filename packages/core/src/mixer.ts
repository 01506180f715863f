import { binder, RING } from './binding.js';
import type { SignalRecord } from './signal-record.js';
import type { SignalContext } from './types.js';

export type FaultHandler = (record: SignalRecord, kind: 'threw' | 'non-finite', detail: unknown, frame: number) => void;

const NO_STATE = new Float64Array(0);

/** While metering, one chunk in this many is measured. */
export const METER_EVERY = 4;

/**
 * The one context every signal call receives. `t` is computed from the frame
 * count when read (exact, never drifting), so the loop only stores the frame.
 */
export class Context implements SignalContext {
  frame = 0;
  readonly dt: number;
  // Stryker disable next-line StringLiteral: step() sets the name before every call of a signal
  name = '';
  state = NO_STATE;
  channels = 1;
  ch = 0;

  constructor(readonly sr: number) {
    this.dt = 1 / sr;
  }

  get t(): number {
    return this.frame / this.sr;
  }
}

/**
 * The render loop, in chunks of up to RING frames. Each fully compiled signal
 * renders the whole chunk in one loop (see compile.ts); then the signals that
 * call functions of their own render frame by frame, interleaved. A helper
 * shared by several signals is computed by whichever asks first and keeps its
 * last RING outputs, so the others hear the same values. Allocates nothing:
 * one reused context, preallocated buffers, plain arrays.
 */
export class Mixer {
  /** Signals being rendered, in registration order. Edited only between blocks. */
  readonly list: SignalRecord[] = [];
  /** Frames rendered so far: the clock every signal reads. */
  frame = 0;
  /** True inside {@link Mixer.render}: control calls must wait. */
  rendering = false;
  /** The one context every signal call receives. */
  readonly context: SignalContext;
  /** The chunk's mix: RING frames × channels, interleaved. */
  readonly acc: Float64Array;
  /**
   * The chunk's clipped output, copied to the host's buffer at the end. Compiled
   * loops write here rather than to the host's buffer: an array they hold as a
   * constant costs no per-frame checks, a buffer passed in does.
   */
  readonly out: Float32Array;
  /**
   * Measure each signal's own level (`SignalRecord.level`) for a host's meters.
   * Off by default: a measured chunk costs two passes over it per signal, so
   * one chunk in {@link METER_EVERY} is measured (a meter read a few times a
   * second needs no more; a click shorter than that stride may be missed).
   */
  metering = false;
  private meterTick = 0;
  /** The mix before a metered signal added to it. */
  private readonly before: Float64Array;

  constructor(
    sampleRate: number,
    readonly channels: number,
    private readonly onFault: FaultHandler,
  ) {
    this.context = new Context(sampleRate);
    this.acc = new Float64Array(RING * channels);
    this.out = new Float32Array(RING * channels);
    this.before = new Float64Array(RING * channels);
  }

  /** Fills `out[0 .. frames * channels)` interleaved, clipped to [-1, 1]. */
  render(out: Float32Array, frames: number): void {
    const C = this.channels;
    if (!Number.isInteger(frames) || frames < 0 || out.length < frames * C) {
      throw new RangeError(`render: need an integer frames >= 0 and out.length >= frames * ${C}; got frames=${frames}, out.length=${out.length}`);
    }
    const shared = binder();
    shared.rendering++;
    this.rendering = true;
    try {
      for (let done = 0; done < frames; ) {
        const n = Math.min(RING, frames - done);
        this.chunk(out, done * C, n);
        done += n;
      }
    } finally {
      shared.rendering--;
      this.rendering = false;
    }
  }

  private chunk(out: Float32Array, offset: number, n: number): void {
    const C = this.channels;
    const list = this.list;
    const frame0 = this.frame;
    this.acc.fill(0, 0, n * C);
    // Fully compiled signals render the whole chunk each. They call no closures,
    // so nothing else runs meanwhile, and a helper they compute leaves its values
    // in its ring for any later caller. When nothing renders after them, the
    // last one also writes the clipped mix to `out`.
    let opaque = 0;
    let last = -1;
    for (let k = 0; k < list.length; k++) {
      const r = list[k]!;
      if (r.finished || r.faulted) continue;
      if (r.opaque) opaque++;
      else last = k;
    }
    // A metered signal's level is what it added to the mix, so none writes
    // the clipped mix itself (the final loop clips the same sums the same way).
    // Stryker disable next-line UpdateOperator: counting down, -k % METER_EVERY is ±0 exactly when k % METER_EVERY is 0: the same chunks are measured
    const metering = this.metering && this.meterTick++ % METER_EVERY === 0;
    if (metering) last = -1;
    let written = 0;
    for (let k = 0; k < list.length; k++) {
      const r = list[k]!;
      if (r.finished || r.faulted || r.opaque) continue;
      if (k === last && opaque === 0) written = this.step(r, 0, n, frame0, true);
      else if (metering) this.metered(r, 0, n, frame0);
      else this.step(r, 0, n, frame0, false);
    }
    // Signals that call functions the compiler cannot see into go frame by frame,
    // interleaved: one of them may call a helper's closure on some frames only,
    // and another compute it on every frame; each frame must be computed once, in order.
    // (One such signal alone has nobody to interleave with: it takes the chunk at once.)
    for (let f = 0, whole = opaque === 1; opaque > 0 && f < n; f += whole ? n : 1) {
      for (let k = 0; k < list.length; k++) {
        const r = list[k]!;
        if (!r.opaque || r.finished || r.faulted) continue;
        if (metering) this.metered(r, f * C, whole ? n : 1, frame0 + f);
        else this.step(r, f * C, whole ? n : 1, frame0 + f, false);
      }
    }
    // What the last compiled signal wrote, then the clipped mix of the rest.
    const acc = this.acc;
    const clipped = this.out;
    const done = written * C;
    if (done === clipped.length) out.set(clipped, offset);
    else for (let i = 0; i < done; i++) out[offset + i] = clipped[i]!;
    for (let i = done, end = n * C; i < end; i++) {
      const v = acc[i]!;
      out[offset + i] = v > 1 ? 1 : v < -1 ? -1 : v;
    }
    this.frame = frame0 + n;
  }

  /**
   * Renders `frames` frames of one signal from `frame`, adding them into the
   * mix from `acc[at]`, or (`direct`) writing the clipped mix to `out`. Returns
   * how many frames it wrote to `out`.
   */
  private step(r: SignalRecord, at: number, frames: number, frame: number, direct: boolean): number {
    const s = this.context;
    s.name = r.name;
    s.state = r.state;
    s.channels = r.channels;
    try {
      const done = r.run(at, frames, frame, r, direct);
      if (done > 0) this.fault(r, 'non-finite', r.bad[0], frame + done - 1);
      return done === 0 ? frames : Math.abs(done) - 1;
    } catch (error) {
      this.fault(r, 'threw', error, s.frame);
      return s.frame - frame;
    }
  }

  /** {@link Mixer.step} into the mix, keeping the largest |sample| it added in `r.level`. */
  private metered(r: SignalRecord, at: number, frames: number, frame: number): void {
    const acc = this.acc;
    const before = this.before;
    const end = at + frames * this.channels;
    // Stryker disable next-line EqualityOperator: one slot more copied is never read: every later measure copies its own range first
    for (let i = at; i < end; i++) before[i] = acc[i]!;
    this.step(r, at, frames, frame, false);
    let peak = r.level;
    for (let i = at; i < end; i++) {
      const d = Math.abs(acc[i]! - before[i]!);
      // Stryker disable next-line EqualityOperator: taking an equal value again leaves the same peak
      if (d > peak) peak = d;
    }
    r.level = peak;
  }

  private fault(r: SignalRecord, kind: 'threw' | 'non-finite', detail: unknown, frame: number): void {
    r.faulted = true;
    r.gain = 0;
    this.onFault(r, kind, detail, frame);
  }
}
