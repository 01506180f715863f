/**
 * What the parser makes of a kernel function: its source, and the places in
 * it that each instance of the kernel writes its own way (see parse.ts, which
 * finds them, and write.ts, which renders them).
 */

/** A place in the function's source that each instance writes its own way. */
export type Edit =
  /** An identifier: parameter `index` (0 = m, 1 = o, 2 = s, 3.. = inputs), a local, or a free name. */
  | { readonly at: number; readonly end: number; readonly kind: 'param'; readonly index: number }
  | { readonly at: number; readonly end: number; readonly kind: 'local'; readonly name: string }
  | { readonly at: number; readonly end: number; readonly kind: 'free'; readonly name: string }
  /** `m[o + K]`: a state slot at a literal offset. */
  | { readonly at: number; readonly end: number; readonly kind: 'slot'; readonly slot: number }
  /** `return x;` → assign the output and leave (the text from `at` to the argument, and after it). */
  | { readonly at: number; readonly end: number; readonly kind: 'return-head'; readonly last: boolean }
  | { readonly at: number; readonly end: number; readonly kind: 'return-tail'; readonly last: boolean }
  /** `return;` (in a prepare): leave. */
  | { readonly at: number; readonly end: number; readonly kind: 'return-bare' }
  /** `s.ch`: the channel this copy of the code computes, a number. */
  | { readonly at: number; readonly end: number; readonly kind: 'channel' }
  /** `s.sr` or `s.dt`: constants of the runtime, written as numbers so that V8 folds what depends on them. */
  | { readonly at: number; readonly end: number; readonly kind: 'rate'; readonly inverse: boolean }
  /**
   * A statement that is a call of a module function: `f(a, b);` or `const v = f(a, b);`. The
   * function's own source is written in instead, when it can be (then V8 need not inline it: its
   * inlining budget is per loop, and a stereo chain of several helpers can exhaust it).
   */
  | InlineCall
  /** A call that is handed `m`: promoted slots are written back before it and read again after. */
  | { readonly at: number; readonly end: number; readonly kind: 'sync-open' }
  | { readonly at: number; readonly end: number; readonly kind: 'sync-close' };

/** See {@link Edit}: a module function's call statement, written in with the function's own source. */
export interface InlineCall {
  readonly at: number;
  readonly end: number;
  readonly kind: 'inline-call';
  readonly callee: string;
  readonly args: ReadonlyArray<readonly [number, number]>;
  /** The local a declaration gives the result to, or null for a call statement. */
  readonly target: string | null;
  /** One of the arguments is the memory itself. */
  readonly handsMemory: boolean;
}

/** A kernel function as the compiler can write it in. */
export interface Parsed {
  readonly text: string;
  /** The body's range in `text` (a block with its braces, or an expression). */
  readonly body: readonly [number, number];
  readonly expression: boolean;
  readonly params: readonly string[];
  /** In source order; at one place, a statement written in whole first, then insertions, then replacements. */
  readonly edits: readonly Edit[];
  /**
   * Names the function reads from its module: each must be given by the kernel's
   * `uses`. `ns.name` (an import, as bundlers write it) stands for `name`, and
   * `table.length` for `table`.
   */
  readonly free: ReadonlySet<string>;
  /** State slots it reads or writes at a literal offset. */
  readonly slots: ReadonlySet<number>;
  /** `m` is indexed other than at `o + literal` (a delay line): which slots that reaches is unknown. */
  readonly dynamic: boolean;
  /** It reads the frame (`s.frame`, `s.t`) or hands `s` to a function: the loop must keep `s.frame` current. */
  readonly clock: boolean;
  /** It hands `m` to a function on some path (the function may touch any slot). */
  readonly syncs: boolean;
  /** Input parameters (3..) it reads. */
  readonly reads: ReadonlySet<number>;
  /** Some `return` is not the body's last statement: the written-in code needs a label to leave by. */
  readonly early: boolean;
  /** Every `return` gives a value (a step must; a prepare need not). */
  readonly valued: boolean;
  /** Parsed as an ordinary function: its parameters are plain names. */
  readonly plain: boolean;
  /** Free names it calls with the context `s` alone, as a signal is called (`lfo(s)`). */
  readonly signalCalls: ReadonlySet<string>;
}
