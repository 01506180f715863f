import type { Batch } from './blocks.js';
import type { Signal } from './types.js';

/** One registered signal, as the render loop sees it. */
export class SignalRecord {
  /** Current gain, ramped toward `target` by `step` per frame. */
  gain = 0;
  target = 1;
  step = 1;
  muted = false;
  stopping = false;
  /** Fade-out finished: the next control call frees it. */
  finished = false;
  /** Threw or produced a non-finite sample: skipped until re-registered. */
  faulted = false;
  /** Batches whose helpers this signal's function may call. */
  batches: Batch[] = [];

  constructor(
    readonly name: string,
    public fn: Signal,
    public channels: number,
    readonly slot: number,
    readonly state: Float64Array,
  ) {}

  /** Not rendered at all (muted signals still are, to keep their state moving). */
  get silent(): boolean {
    return this.finished || this.faulted;
  }
}
