import type { HelperState } from './binding.js';
import { emitFrame } from './compile/frame.js';
import { instantiate, same } from './compile/instantiate.js';
import { layout } from './compile/layout.js';
import { loopSource } from './compile/loop-source.js';
import { fingerprint, sameFingerprint, verifyingFingerprints } from './compile/fingerprint.js';
import type { LoopView } from './compile/loop-view.js';
import { Constants } from './compile/names.js';
import { emitPrologue } from './compile/prologue.js';
import { checking, promote } from './compile/promote.js';
import { compileSplit } from './compile/compile-split.js';
import { overLimit, splittable } from './compile/split.js';
import type { Signal, SignalContext } from './types.js';

export { inlineReport } from './compile/report.js';
export { verifyFingerprints } from './compile/fingerprint.js';

/**
 * Renders `frames` (<= RING) frames of one signal, from frame `frame0`, and
 * adds them, times the record's gain (ramped per frame toward its target),
 * into the stage's `acc` from index `at` (interleaved, the runtime's channel
 * count). With `direct`, the signal is the chunk's last: it writes the clipped
 * sum to the stage's `out` instead. Returns 0 when every frame was done;
 * f + 1 when frame f was not finite (its value left in `bad[0]`; frames before
 * f were done); −(f + 1) when a stopping signal's fade ended at frame f (it
 * sets `rec.finished`). Throws what the signal throws (then `s.frame` is the
 * frame that failed).
 */
export type Runner = (at: number, frames: number, frame0: number, rec: GainState, direct: boolean) => number;

/** What compiled code is specialised to: one runtime's helper memory, context and mix buffer. */
export interface Stage {
  /** The helper memory; replaced (between blocks) when the pool grows. */
  memory: Float64Array;
  readonly context: SignalContext;
  /** The mix of the current chunk: RING frames × outputs, interleaved. */
  readonly acc: Float64Array;
  /** The chunk's clipped output (RING frames × outputs), which the last compiled signal writes. */
  readonly out: Float32Array;
  readonly outputs: number;
}

/** The part of a signal record the compiled loop reads and updates. */
export interface GainState {
  gain: number;
  readonly target: number;
  readonly ramp: number;
  readonly stopping: boolean;
  finished: boolean;
}

/** A signal compiled for one runtime, and what its code took as constant. */
export interface Compiled {
  readonly run: Runner;
  /** What the loop was generated from: a recompile that would give the same keeps this one. */
  readonly source: string;
  /** The functions and objects the loop holds as constants (steps it calls, names kernels use). */
  readonly consts: readonly unknown[];
  readonly calls: readonly Signal[];
  /** True when the loop calls functions the compiler cannot see into (the user's own, or helpers bound elsewhere). */
  readonly opaque: boolean;
  /** True when every kernel's step and prepare is written into the loop, and nothing is called. */
  readonly writtenIn: boolean;
  /** What it was compiled from, as {@link fingerprint} reads it: a graph with the same keeps this loop. */
  readonly key?: readonly unknown[];
  /** How many loops the signal's frame is split into (1 unless it is too big for V8 to optimise as one: see split.ts). */
  readonly loops: number;
  /** What it runs on (a single loop reads it at each call: see loop-view.ts). */
  readonly view: LoopView;
}

/** What {@link compileSignal} compiles, and for which runtime. */
export interface CompileOptions {
  readonly root: Signal;
  /** The signal's channels. */
  readonly channels: number;
  readonly stage: Stage;
  /** What the loop runs on: the stage's memory, mix buffers and context, or scratch ones while it warms. */
  readonly view: LoopView;
  /** Where the loop leaves a non-finite value it stopped at. */
  readonly bad: Float64Array;
  /** Kernels that other fully compiled signals reach too: they check their stamp before computing. */
  readonly shared?: ReadonlySet<HelperState>;
  /** Some signal of the runtime calls functions (which may read stamps and rings): false when none does. */
  readonly readers?: boolean;
  /** The signal's loop so far: kept when the new one would be the same. */
  readonly previous?: Compiled;
}

/**
 * Compiles a signal into one loop over a block of frames (docs/compiler.md).
 *
 * Why: a chain of closures costs a call per helper per sample, and past V8's
 * inlining budget each call returns its double boxed (an allocation). Here the
 * chain is compiled in phases:
 *
 * 1. `layout`: the kernels in dependency order, channel after channel, each at
 *    its block's literal offset; anything that is not a kernel (a user's own
 *    `s => ...`, a helper bound elsewhere) is a function the loop calls.
 * 2. `promote`: the slots of each kernel this loop alone touches, held in
 *    locals for the block, so that a filter's recursion stays in registers.
 * 3. `emitPrologue`: what runs once per block before the loop (prepares whose
 *    inputs are constants; the promoted slots loaded into locals).
 * 4. `emitFrame`: one frame's code, each kernel's step written in (its source,
 *    with its offsets and inputs as literals) or called when it cannot be.
 * 5. `loopSource`: the block runner around the frame (gain, fades, the mix).
 * 6. `instantiate`: a fresh function of the loop's constants, or the previous
 *    one when nothing changed.
 *
 * A frame too big for V8 to optimise as one loop is split into several, run
 * one after the other over the block (`compileSplit`, split.ts).
 */
export function compileSignal(options: CompileOptions, key: readonly unknown[] = loopKey(options)): Compiled {
  const { previous } = options;
  // A reload builds every helper anew: a graph that reads the same keeps its loop without being compiled again.
  if (previous && sameFingerprint(previous.key, key)) {
    if (verifyingFingerprints()) checkKept(previous, generate(options));
    return previous;
  }
  const compiled = generate(options);
  return { ...compiled, key };
}

/** What a signal's loop is a function of ({@link fingerprint}): a loop compiled from an equal key is the same loop. */
export function loopKey(options: CompileOptions): readonly unknown[] {
  const { root, channels, stage, shared = new Set(), readers = true } = options;
  return fingerprint(root, channels, stage.memory, shared, readers);
}

export { sameFingerprint };

/** The check {@link verifyFingerprints} turns on: the loop kept is the loop a compile gives. */
function checkKept(kept: Compiled, fresh: Compiled): void {
  if (fresh !== kept && (fresh.source !== kept.source || !same(fresh.consts, kept.consts) || !same(fresh.calls, kept.calls))) {
    throw new Error(`compileSignal: a loop was kept for an unchanged fingerprint, but compiling gives another loop:\n${kept.source}\n---\n${fresh.source}`);
  }
}

/** The phases below, from the graph to a loop (or the previous one when they give the same). */
function generate(options: CompileOptions): Compiled {
  const { root, channels, stage, view, bad, shared = new Set(), readers = true, previous } = options;
  const sampleRate = stage.context.sr;
  const laid = layout(root, channels, stage.memory);
  const opaque = laid.calls.length > 0;
  const checked = checking(opaque, shared);
  const promoted = promote(laid.instances, checked);
  // Constants are numbered in the order the code asks for them: the prologue's first.
  const constants = new Constants();
  const { before, store } = emitPrologue(laid.instances, promoted, constants, sampleRate);
  const emission = { constants, sampleRate, promoted, checked, readers };
  const frame = emitFrame(laid, store, emission);
  if (overLimit(frame) && splittable(laid)) {
    const split = compileSplit({ laid, emission, channels, stage, view, bad, previous });
    if (split) return split;
  }
  const called = laid.instances.some((u) => !u.step || u.prepare === null);
  // `s.frame` is kept current when a function is called with `s`, or a step reads `s.frame`, `s.t` or `s` itself.
  const clocked = opaque || called || laid.instances.some((u) => u.step!.clock || u.prepare?.clock);
  const source = loopSource({
    constants: constants.values.length,
    calls: laid.calls.length,
    before,
    store,
    frame,
    outs: laid.outs,
    channels,
    outputs: stage.outputs,
    clocked,
  });
  return instantiate({ source, consts: constants.values, calls: laid.calls, opaque, writtenIn: !opaque && !called, view, bad, previous, scratch: 0, loops: 1 });
}
