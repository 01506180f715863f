import type { BlockTable } from './blocks.js';
import { nodeOf, type NodeInfo } from './kernel.js';

/**
 * Channel widths, inferred through a signal's graph when it is registered
 * (the rule is in `widen`'s doc): how many distinct channels each value can
 * have, so that a helper's block holds only those and a mono part of a
 * stereo chain is computed once per frame.
 */
export class Widths {
  private readonly known = new Map<unknown, number>();

  /**
   * @param full - the signal's channels: the width of what the runtime cannot see into, and the most.
   * @param table - this runtime's blocks: a helper bound there already has the width it was bound with.
   */
  constructor(
    private readonly full: number,
    private readonly table: BlockTable,
  ) {}

  /** The width of a parameter: 1 for a constant, a kernel's by its inputs, `full` for any other function. */
  of(x: unknown): number {
    if (typeof x === 'number') return 1;
    const info = nodeOf(x);
    return info ? this.ofNode(info) : this.full;
  }

  /** The width of a kernel's output (and so of its block). */
  ofNode(info: NodeInfo): number {
    let w = this.known.get(info);
    if (w !== undefined) return w;
    const h = info.state;
    if (h && h.owner === this.table) {
      // Its block holds `h.channels`; every wider channel reads one of them.
      w = Math.min(h.channels, this.full);
    } else if (info.perChannel) {
      w = this.full;
    } else {
      w = Math.max(1, info.widens);
      for (const input of info.inputs) w = Math.max(w, this.of(input));
      // A block of w channels is read at `ch & mask`, mask the largest power of two <= w,
      // minus 1: only a power of two keeps every channel its inputs tell apart.
      w = Math.min(2 ** Math.ceil(Math.log2(w)), this.full);
    }
    this.known.set(info, w);
    return w;
  }
}
