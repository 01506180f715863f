import type { Compiled, Runner } from '../compile.js';
import type { LoopView } from './loop-view.js';
import type { Signal } from '../types.js';

/** What a loop is made from: its source, the constants and functions it refers to, and where it runs. */
export interface Instantiation {
  readonly source: string;
  readonly consts: readonly unknown[];
  readonly calls: readonly Signal[];
  readonly opaque: boolean;
  readonly writtenIn: boolean;
  /** What the loop runs on (see loop-view.ts). */
  readonly view: LoopView;
  readonly bad: Float64Array;
  /** The signal's loop so far, kept when nothing changed. */
  readonly previous: Compiled | undefined;
  /** Doubles of scratch space the loops of a split signal pass blocks of values in (0 for one loop). */
  readonly scratch: number;
  readonly loops: number;
}

const NO_SCRATCH = new Float64Array(0);

/**
 * The loop as a function: a fresh one per compile, never a cached one reused,
 * so that V8 treats the steps, the callees and the constants as constants of
 * this one closure (it inlines the calls). The memory, the mix buffers and the
 * context come from the loop's view, read once per call (loop-view.ts).
 * Unchanged code (the same source, the very same step and call functions)
 * keeps its loop: V8 has optimised it already, and a new one would start cold
 * — a reload of a big session would then overrun a few audio blocks
 * (docs/performance.md).
 */
export function instantiate(i: Instantiation): Compiled {
  const { source, consts, calls, opaque, writtenIn, view, bad, previous, scratch, loops } = i;
  if (previous && previous.view === view && previous.source === source && same(previous.consts, consts) && same(previous.calls, calls)) return previous;
  const xs = scratch > 0 ? new Float64Array(scratch) : NO_SCRATCH;
  const make = new Function('V', 'BAD', 'K', 'U', 'X', calls.length > 0 ? `${source}\n// loop ${++serial}` : source);
  const run = make(view, bad, consts, calls, xs) as Runner;
  return { run, opaque, writtenIn, source, consts, calls, loops, view };
}

/**
 * Numbers apart the text of each loop that calls functions. V8 caches
 * `new Function` by its source, and with it the feedback the closures of that
 * source share: loops with the same text (every signal that only calls a
 * user's function, `u0(s)`) would then share one feedback vector, where each
 * call of its user's function sees every signal's function. Such a call V8 no
 * longer inlines, and each double it returns is boxed: an allocation per
 * frame, and the GC that follows. A distinct text is a distinct function.
 * Loops that call nothing keep the cache (the same text is then the same
 * code at the same offsets: only another runtime's memory differs).
 */
let serial = 0;

/** The same elements, by identity, in the same order. */
export function same<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
