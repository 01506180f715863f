import type { Compiled, Runner, Stage } from '../compile.js';
import type { Signal } from '../types.js';

/** What a loop is made from: its source, the constants and functions it refers to, and where it runs. */
export interface Instantiation {
  readonly source: string;
  readonly consts: readonly unknown[];
  readonly calls: readonly Signal[];
  readonly opaque: boolean;
  readonly writtenIn: boolean;
  readonly stage: Stage;
  readonly bad: Float64Array;
  /** The signal's loop so far, kept when nothing changed. */
  readonly previous: Compiled | undefined;
}

/**
 * The loop as a function: a fresh one per compile, never a cached one reused,
 * so that V8 treats `m`, the steps, the callees, the context and the mix
 * buffer as constants of this one closure (it inlines the calls and addresses
 * the arrays directly). Unchanged code (the same source, the very same step
 * and call functions) keeps its loop: V8 has optimised it already, and a new
 * one would start cold — a reload of a big session would then overrun a few
 * audio blocks (docs/performance.md).
 */
export function instantiate(i: Instantiation): Compiled {
  const { source, consts, calls, opaque, writtenIn, stage, bad, previous } = i;
  if (previous && previous.source === source && same(previous.consts, consts) && same(previous.calls, calls)) return previous;
  const run = new Function('M', 'BAD', 'K', 'U', 'S', 'ACC', 'OUT', source)(stage.memory, bad, consts, calls, stage.context, stage.acc, stage.out) as Runner;
  return { run, opaque, writtenIn, source, consts, calls };
}

function same<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
