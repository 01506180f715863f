import { binder } from './binding.js';
import type { SignalRecord } from './signal-record.js';
import type { SignalContext } from './types.js';

export type FaultHandler = (record: SignalRecord, kind: 'threw' | 'non-finite', detail: unknown, frame: number) => void;

const NO_STATE = new Float64Array(0);

/**
 * The render loop. Frame-major: every signal computes frame f before any
 * computes f + 1, so a helper shared by several signals is computed once per
 * frame and all of them hear the same value. Allocates nothing: one reused
 * context, a preallocated mix accumulator, plain arrays.
 */
export class Mixer {
  /** Signals being rendered, in registration order. Edited only between blocks. */
  readonly list: SignalRecord[] = [];
  /** Frames rendered so far: the clock every signal reads. */
  frame = 0;
  private readonly ctx: SignalContext;
  private readonly acc: Float64Array;

  constructor(
    readonly sampleRate: number,
    readonly channels: number,
    private readonly onFault: FaultHandler,
  ) {
    this.ctx = { t: 0, frame: 0, sr: sampleRate, dt: 1 / sampleRate, name: '', state: NO_STATE, channels: 1, ch: 0 };
    this.acc = new Float64Array(channels);
  }

  /** Fills `out[0 .. frames * channels)` interleaved, clipped to [-1, 1]. */
  render(out: Float32Array, frames: number): void {
    const C = this.channels;
    if (!Number.isInteger(frames) || frames < 0 || out.length < frames * C) {
      throw new RangeError(`render: need an integer frames >= 0 and out.length >= frames * ${C}; got frames=${frames}, out.length=${out.length}`);
    }
    const list = this.list;
    const acc = this.acc;
    const s = this.ctx;
    const sr = this.sampleRate;
    const shared = binder();
    shared.rendering++;
    let frame = this.frame;
    try {
      for (let f = 0, i = 0; f < frames; f++, frame++, i += C) {
        s.frame = frame;
        s.t = frame / sr;
        for (let c = 0; c < C; c++) acc[c] = 0;
        for (let k = 0; k < list.length; k++) {
          const r = list[k]!;
          if (r.finished || r.faulted) continue;
          let g = r.gain;
          if (g !== r.target) {
            g = g < r.target ? Math.min(r.target, g + r.ramp) : Math.max(r.target, g - r.ramp);
            r.gain = g;
            if (g === 0 && r.stopping) {
              r.finished = true;
              continue;
            }
          }
          s.name = r.name;
          s.state = r.state;
          s.channels = r.channels;
          try {
            if (r.step(s, acc, C, g) !== 0) this.fault(r, 'non-finite', r.bad[0], frame);
          } catch (error) {
            this.fault(r, 'threw', error, frame);
          }
        }
        for (let c = 0; c < C; c++) {
          const v = acc[c]!;
          out[i + c] = v > 1 ? 1 : v < -1 ? -1 : v;
        }
      }
    } finally {
      shared.rendering--;
      this.frame = frame;
    }
  }

  private fault(r: SignalRecord, kind: 'threw' | 'non-finite', detail: unknown, frame: number): void {
    r.faulted = true;
    r.gain = 0;
    try {
      this.onFault(r, kind, detail, frame);
    } catch {
      // A host's error listener must not stop the audio.
    }
  }
}
