import { RING } from '../binding.js';
import type { KernelInstance } from './instance.js';
import type { Layout } from './layout.js';

/**
 * How much of one frame's code a loop holds, in characters.
 *
 * V8 optimises no function whose bytecode is longer than
 * `--max-optimized-bytecode-size` (61,440 bytes in Node 20): such a loop
 * stays in its baseline tier, boxes every double it computes, and runs about
 * ten times slower with a GC every few blocks (docs/compiler.md, "Loops V8
 * optimises"). A loop's bytecode is about 0.7 byte per character of its frame
 * code, which it holds three times over (its steady loops into the mix and
 * out, and its fading loop): 12,000 characters keep it near 26 KB, under half
 * the limit, for code denser in bytecode than the helpers' own.
 *
 * A loop also calls at most `calls` functions a frame: V8 inlines calls into
 * a function up to a budget of bytecode for the whole function
 * (`--max-inlined-bytecode-size-cumulative`, 920 bytes), and a call past it
 * returns its double boxed, an allocation per frame.
 *
 * @internal Mutable for tests that compare a split loop with the single one
 * (`Infinity`: never split) or split small graphs (a small number).
 */
export const LOOP_LIMIT = { frameChars: 12_000, calls: 6 };

/**
 * Calls of functions the loop holds as constants (`c3(m, ...)`, `(0, c3)(...)`):
 * a module function a step calls where its source cannot be written in.
 */
const CALL = /\bc\d+\)?\(/g;

/** Whether one frame's code is more than one loop should hold (see {@link LOOP_LIMIT}). */
export function overLimit(frame: string): boolean {
  return frame.length > LOOP_LIMIT.frameChars || (frame.match(CALL)?.length ?? 0) > LOOP_LIMIT.calls;
}

/** One of the loops a signal's frame is split into, in the order they run over a block. */
export interface Stage {
  /** Its kernels, in the layout's order, and the code of each. */
  readonly lines: readonly KernelInstance[];
  readonly code: readonly string[];
  /** Values computed by earlier stages that this one reads: each by name, at its scratch offset. */
  readonly reads: ReadonlyArray<readonly [string, number]>;
  /** Values this stage computes that later ones read: each by name, at its scratch offset. */
  readonly writes: ReadonlyArray<readonly [string, number]>;
}

/** A signal's frame cut into stages, and the scratch space (in doubles) that passes a block of values between them. */
export interface Split {
  readonly stages: readonly Stage[];
  readonly scratch: number;
}

/**
 * Whether a signal's loop may be split: only when everything in it is written
 * in and nothing is called. Its kernels then meet only through their inputs,
 * so each can run over the whole block before the next reads its values (as
 * separate compiled signals do). A function it called could ask any kernel
 * for its value at any frame, and see the order the stages run in.
 */
export function splittable(laid: Layout): boolean {
  return (
    laid.calls.length === 0 &&
    laid.instances.every((u) => u.step !== null && u.prepare !== null && u.step.signalCalls.size === 0 && (u.prepare === undefined || u.prepare.signalCalls.size === 0))
  );
}

/**
 * Cuts the layout's lines, in their order (dependency order), into stages of
 * at most `limit.frameChars` characters of code and `limit.calls` calls of
 * functions each (a line past either is a stage of its own). A value computed in one stage and read in a later one (an
 * input, or a channel's value, which the last stage mixes) is written to a
 * block of RING doubles of scratch space each frame, and read from it there.
 */
export function cut(laid: Layout, code: readonly string[], limit: { readonly frameChars: number; readonly calls: number }): Split {
  const groups: number[][] = [];
  let size = Infinity;
  let calls = 0;
  code.forEach((c, i) => {
    const called = c.match(CALL)?.length ?? 0;
    if (size + c.length > limit.frameChars || (calls + called > limit.calls && size > 0)) {
      groups.push([]);
      size = 0;
      calls = 0;
    }
    groups.at(-1)!.push(i);
    size += c.length;
    calls += called;
  });
  const lines = laid.lines as readonly KernelInstance[];
  const home = new Map<string, number>();
  groups.forEach((g, k) => {
    for (const i of g) home.set(lines[i]!.v, k);
  });
  const at = new Map<string, number>();
  const reads = groups.map(() => new Map<string, number>());
  const writes = groups.map(() => new Map<string, number>());
  const pass = (name: string, reader: number) => {
    const from = home.get(name);
    if (from === undefined || from === reader) return;
    if (!at.has(name)) at.set(name, at.size * RING);
    writes[from]!.set(name, at.get(name)!);
    reads[reader]!.set(name, at.get(name)!);
  };
  groups.forEach((g, k) => {
    for (const i of g) for (const a of lines[i]!.args) pass(a, k);
  });
  for (const o of laid.outs) pass(o, groups.length - 1);
  const stages = groups.map((g, k) => ({
    lines: g.map((i) => lines[i]!),
    code: g.map((i) => code[i]!),
    reads: [...reads[k]!],
    writes: [...writes[k]!],
  }));
  return { stages, scratch: at.size * RING };
}
