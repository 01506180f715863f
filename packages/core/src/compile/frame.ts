import { emitKernel, type KernelEmission } from './emit-kernel.js';
import type { Layout } from './layout.js';

/**
 * One frame's code: every line of the layout, channel after channel, then a
 * guard per channel that leaves the block at a non-finite value (its value in
 * `bad[0]`, the promoted slots stored back by `store`), returning the frame + 1.
 */
export function emitFrame(laid: Layout, store: string, e: KernelEmission): string {
  const { lines, starts, callsIn, outs } = laid;
  const nan = (v: string) => guard(v, store);
  return lines
    .map((line, i) => {
      const c = starts.lastIndexOf(i);
      // A call (the user's function, a step not written in) may read s.ch: set it when a channel's code starts.
      const ch = c >= 0 && callsIn.has(c) ? `s.ch = ${c}; ` : '';
      return ch + (typeof line === 'string' ? line : emitKernel(line, e));
    })
    .concat(outs.map(nan))
    .join('\n      ');
}

/** Leaves the block at a non-finite value `v`: its value in `bad[0]`, the promoted slots stored back, the frame + 1 returned. */
export function guard(v: string, store: string): string {
  return `if (${v} - ${v} !== 0) { rec.gain = g; bad[0] = ${v}; ${store}return f + 1; }`;
}
