import type { Claimant } from './blocks.js';
import type { HelperState } from './binding.js';
import type { Reach } from './reach.js';
import { compileSignal, loopKey, sameFingerprint, type CompileOptions, type Compiled, type Runner, type Stage } from './compile.js';
import { graphOf } from './compile/layout.js';
import { LoopView } from './compile/loop-view.js';
import { closureRunner, WARM_FRAMES, WARM_REFRESH, type WarmScratch } from './tier.js';
import type { Signal } from './types.js';

/** What the records a loop warms with stand for: they are never rendered, and hold no signal's graph. */
const SILENT: Signal = () => 0;
const NO_REACH: Reach = { states: new Set(), opaque: false };

/** A new loop of a signal, made and warmed on scratch memory while the signal plays on its closures. */
interface Warming {
  readonly key: readonly unknown[];
  shared: ReadonlySet<HelperState> | undefined;
  readers: boolean | undefined;
  /** The helpers whose blocks the loop reads, copied to the scratch memory it warms on. */
  readonly states: readonly HelperState[];
  compiled: Compiled | undefined;
  calls: number;
}

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
  /** What its loops run on: the stage's memory, mix buffers and context. */
  private readonly view: LoopView;
  /** Its new loop while it warms (a tiered runtime only); the signal plays on its closures meanwhile. */
  private warming: Warming | undefined;

  constructor(
    readonly name: string,
    fn: Signal,
    private width: number,
    readonly slot: number,
    readonly state: Float64Array,
    private readonly stage: Stage,
    /** What its function reaches, as the runtime sees it. */
    public reach: Reach,
    /** Where a tiered runtime warms new loops; undefined: a new loop plays at once. */
    private readonly scratch?: WarmScratch,
  ) {
    this.current = fn;
    this.view = new LoopView(stage.memory, stage.acc, stage.out, stage.context);
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

  /**
   * Compiles the signal; see {@link compileSignal} for `shared` and `readers`.
   * In a tiered runtime a loop that is not kept is not made here: the signal
   * plays on its closures (the same samples) until {@link SignalRecord.warm}
   * has made its loop and warmed it.
   */
  recompile(shared?: ReadonlySet<HelperState>, readers?: boolean): void {
    this.view.m = this.stage.memory;
    // A loop made over memory the pool has since replaced is never kept.
    const previous = this.compiledOver === this.stage.memory ? this.compiled : undefined;
    const options: CompileOptions = { root: this.current, channels: this.width, stage: this.stage, view: this.view, bad: this.bad, shared, readers, previous };
    const graph = this.scratch ? this.graph() : undefined;
    if (!this.scratch || !graph || graph.opaque) {
      this.warming = undefined;
      this.adopt(compileSignal(options));
      return;
    }
    const key = loopKey(options);
    if (previous && sameFingerprint(previous.key, key)) {
      this.warming = undefined;
      this.adopt(compileSignal(options, key));
      return;
    }
    if (this.warming && sameFingerprint(this.warming.key, key)) {
      this.warming.shared = shared;
      this.warming.readers = readers;
    } else {
      this.warming = { key, shared, readers, states: [...graph.states], compiled: undefined, calls: 0 };
    }
    this.scratch.fit(this.stage.memory.length);
    this.run = closureRunner(this.current, this.width, this.stage.outputs, this.view, this.bad);
    this.opaque = false;
    this.writtenIn = false;
  }

  /** True while its new loop is being made or warmed. */
  get tiering(): boolean {
    return this.warming !== undefined;
  }

  /**
   * One step of making or warming its new loop, between blocks: the compile,
   * or one short call of the loop on scratch memory (a copy of its helpers'
   * live state, taken again every few calls, so that what the loop does first
   * when it goes live has run while V8 watched). After `warmCalls`
   * calls the loop is pointed at the live memory and plays from the next
   * block. Returns true while there is more to do.
   */
  warm(frame: number): boolean {
    const w = this.warming;
    const scratch = this.scratch;
    if (!w || !scratch) return false;
    if (!w.compiled) {
      // Made on the live view: a split signal's loops bind it once, and go live at once.
      const view = new LoopView(this.stage.memory, this.stage.acc, this.stage.out, this.stage.context);
      const options = { root: this.current, channels: this.width, stage: this.stage, view, bad: this.bad, shared: w.shared, readers: w.readers };
      w.compiled = compileSignal(options, w.key);
      if (w.compiled.loops > 1) return this.goLive();
      view.copy(scratch.view);
      return true;
    }
    if (w.calls % WARM_REFRESH === 0) scratch.load(this.stage.memory, w.states);
    // Records like the live one (V8's feedback is per shape), at a steady gain and, one call in four, fading.
    scratch.records ??= [new SignalRecord('warm', SILENT, 1, -1, this.state, this.stage, NO_REACH), new SignalRecord('warm', SILENT, 1, -1, this.state, this.stage, NO_REACH)];
    const rec = scratch.records[w.calls % 4 === 3 ? 1 : 0]!;
    rec.gain = w.calls % 4 === 3 ? 0.5 : 1;
    rec.target = 1;
    rec.ramp = 1e-7;
    scratch.view.s.state = this.state;
    scratch.view.s.name = this.name;
    scratch.view.s.channels = this.width;
    try {
      w.compiled.run(0, WARM_FRAMES, frame, rec, w.calls % 2 === 1);
    } catch {
      // The loop throws where its closures throw: the live tier reports it.
    }
    w.calls++;
    if (w.calls < scratch.calls) return true;
    return this.goLive();
  }

  /** Puts the warmed loop live (false: nothing was warming). */
  private goLive(): false {
    const compiled = this.warming?.compiled;
    this.warming = undefined;
    if (!compiled) return false;
    compiled.view.copy(this.view);
    this.adopt(compiled);
    return false;
  }

  private adopt(compiled: Compiled): void {
    this.compiled = compiled;
    this.compiledOver = this.stage.memory;
    this.run = compiled.run;
    this.opaque = compiled.opaque;
    this.writtenIn = compiled.writtenIn;
  }
}
