import type { Claimant } from './blocks.js';
import type { HelperState } from './binding.js';
import type { Reach } from './reach.js';
import { compileSignal, type Compiled, type Runner, type Stage } from './compile.js';
import { graphOf } from './compile/layout.js';
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
  /** The helpers its transaction built (what its own functions may call; see registry.ts). */
  scope: ReadonlySet<Claimant> = new Set();
  /** For a function registered directly: the helpers of the signals playing when it was registered. */
  // Stryker disable next-line ArrayDeclaration: the registry sets `carried` right after constructing a record, before anything reads it
  carried: readonly Claimant[] = [];

  /** Largest |sample| it added to the mix since the host last read it (while the mixer meters). */
  level = 0;
  /** The last non-finite sample, for the fault report. */
  readonly bad = new Float64Array(1);
  /** Renders up to RING frames of the signal into the mix; see compile.ts. Set by {@link SignalRecord.recompile}. */
  // Stryker disable next-line ArrowFunction: the commit that adds a record recompiles it before any render
  run: Runner = () => 0;
  /** Calls functions the compiler cannot see into; the mixer renders such signals frame by frame. */
  // Stryker disable next-line BooleanLiteral: set by the recompile at the commit that adds the record, before the mixer or stats() reads it
  opaque = true;
  /** Every kernel of it is written into its loop, and nothing is called. */
  // Stryker disable next-line BooleanLiteral: set by the recompile at the commit that adds the record, before stats() reads it
  writtenIn = false;
  private compiled: Compiled | undefined;
  /** The helper memory `compiled` was instantiated over: a loop holds it as a constant. */
  private compiledOver: Float64Array | undefined;
  private current: Signal;

  constructor(
    readonly name: string,
    fn: Signal,
    private width: number,
    readonly slot: number,
    readonly state: Float64Array,
    private readonly stage: Stage,
    /** What its function reaches, as the runtime sees it. */
    public reach: Reach,
  ) {
    this.current = fn;
  }

  get fn(): Signal {
    return this.current;
  }

  get channels(): number {
    return this.width;
  }

  /** Swaps in a new function (and channel count); the registry recompiles before the next block. */
  replace(fn: Signal, channels: number, reach: Reach): void {
    this.current = fn;
    this.width = channels;
    this.reach = reach;
  }

  /** This signal's kernels as the compiler sees them, for the registry's sharing analysis. */
  graph(): { states: Set<HelperState>; opaque: boolean } {
    return graphOf(this.current, this.stage.memory);
  }

  /** Compiles the signal; see {@link compileSignal} for `shared` and `readers`. */
  recompile(shared?: ReadonlySet<HelperState>, readers?: boolean): void {
    // A loop made over memory the pool has since replaced is never kept.
    const previous = this.compiledOver === this.stage.memory ? this.compiled : undefined;
    const compiled = compileSignal({ root: this.current, channels: this.width, stage: this.stage, bad: this.bad, shared, readers, previous });
    this.compiled = compiled;
    this.compiledOver = this.stage.memory;
    this.run = compiled.run;
    this.opaque = compiled.opaque;
    this.writtenIn = compiled.writtenIn;
  }
}
