import type { Batch } from './blocks.js';
import { compileStep, type Step } from './step.js';
import type { Signal } from './types.js';

/** One registered signal, as the render loop sees it. */
export class SignalRecord {
  /** Current gain, ramped toward `target` by `ramp` per frame. */
  gain = 0;
  target = 1;
  ramp = 1;
  muted = false;
  stopping = false;
  /** Fade-out finished: the next control call frees it. */
  finished = false;
  /** Threw or produced a non-finite sample: skipped until re-registered. */
  faulted = false;
  /** Batches whose helpers this signal's function may call. */
  batches: Batch[] = [];

  /** The last non-finite sample, for the fault report. */
  readonly bad = new Float64Array(1);
  /** Renders one frame of `fn` into the mix; see step.ts. */
  step: Step;
  private current: Signal;

  constructor(
    readonly name: string,
    fn: Signal,
    public channels: number,
    readonly slot: number,
    readonly state: Float64Array,
  ) {
    this.current = fn;
    this.step = compileStep(fn, this.bad);
  }

  get fn(): Signal {
    return this.current;
  }

  set fn(fn: Signal) {
    this.current = fn;
    this.step = compileStep(fn, this.bad);
  }
}
