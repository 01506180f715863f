/**
 * Seconds of audio at the runtime's rate the default helper pool holds:
 * `HELPER_POOL_SECONDS × sampleRate` slots. A seed chain (osc, lowpass,
 * tremolo, a 0.5 s delay, gain) takes 0.511 s of slots (24,525 at 48 kHz: its
 * delay line plus each helper's 129-slot header), and a delay line's length
 * scales with the rate, so the default holds 78 seed chains at any rate: 64
 * with a fifth to spare. At 48 kHz: 1,920,000 slots, 15.4 MB (8 bytes a slot).
 */
export const HELPER_POOL_SECONDS = 40;

/**
 * How far a pool created with the default size may grow, as a multiple of that
 * size: 8 × 40 s of slots, 123 MB at 48 kHz. A host that sets `helperPoolSize`
 * gets no growth unless it sets `maxHelperPoolSize` too.
 */
export const HELPER_POOL_GROWTH = 8;

/** The default `helperPoolSize` at `sampleRate` Hz (see {@link HELPER_POOL_SECONDS}). */
export function defaultHelperPoolSize(sampleRate: number): number {
  return Math.ceil(HELPER_POOL_SECONDS * sampleRate);
}

/**
 * The helper memory: one large Float64Array carved into blocks by a first-fit
 * allocator. Free space is kept as a sorted list of merged intervals, so the
 * layout after any sequence of claims and frees is canonical: freeing what was
 * just claimed restores exactly the previous free list (rollback relies on it).
 *
 * The array is replaced only by {@link HelperPool.grow}, which runs at
 * evaluation, never while rendering: whoever grows it moves every holder of
 * the old array (helper handles, compiled loops) to the new one.
 */
export class HelperPool {
  private mem: Float64Array;
  /** Start offsets of free intervals, ascending. */
  private readonly freeAt: number[] = [];
  /** Lengths of free intervals, parallel to `freeAt`. */
  private readonly freeLen: number[] = [];
  private usedSlots = 0;
  /** Blocks allocated and not yet freed, zero-sized ones included. */
  private blockCount = 0;

  /**
   * @param size - slots to start with (Float64, 8 bytes each).
   * @param limit - slots {@link HelperPool.grow} may reach; `size` (no growth) by default.
   */
  constructor(
    size: number,
    readonly limit: number = size,
  ) {
    if (!Number.isInteger(size) || size <= 0) {
      throw new RangeError(`helperPoolSize must be a positive integer, got ${size}`);
    }
    if (!Number.isInteger(limit) || limit < size) {
      throw new RangeError(`maxHelperPoolSize must be an integer >= helperPoolSize (${size}), got ${limit}`);
    }
    this.mem = new Float64Array(size);
    this.freeAt.push(0);
    this.freeLen.push(size);
  }

  /** The memory every helper reads and writes; a new array after {@link HelperPool.grow}. */
  get memory(): Float64Array {
    return this.mem;
  }

  /** Slots in all. */
  get size(): number {
    return this.mem.length;
  }

  /** The free slots at the end of the pool, which growth extends. */
  private get tail(): number {
    const last = this.freeAt.length - 1;
    return last >= 0 && this.freeAt[last]! + this.freeLen[last]! === this.mem.length ? this.freeLen[last]! : 0;
  }

  /** The smallest pool size in which a block of `size` slots fits after the blocks placed now. */
  sizeToFit(size: number): number {
    return this.largestFree >= size ? this.size : this.size - this.tail + size;
  }

  /**
   * Replaces the memory by a larger copy (doubling, capped at `limit`) in
   * which a block of `size` slots fits; every offset stays valid. Returns
   * false, changing nothing, when even `limit` slots would not fit it.
   */
  grow(size: number): boolean {
    const needed = this.sizeToFit(size);
    if (needed <= this.size) return true;
    if (needed > this.limit) return false;
    let next = this.size;
    while (next < needed) next *= 2;
    next = Math.min(next, this.limit);
    const mem = new Float64Array(next);
    mem.set(this.mem);
    const added = next - this.mem.length;
    if (this.tail > 0) this.freeLen[this.freeLen.length - 1]! += added;
    else {
      this.freeAt.push(this.mem.length);
      this.freeLen.push(added);
    }
    this.mem = mem;
    return true;
  }

  /** Claims `size` zeroed slots; returns the offset, or -1 when no free interval is large enough. */
  alloc(size: number): number {
    if (size <= 0) {
      // Zero-sized helpers (pure functions) still get a distinct identity; they take no memory.
      this.blockCount++;
      return 0;
    }
    for (let i = 0; i < this.freeAt.length; i++) {
      const len = this.freeLen[i]!;
      if (len < size) continue;
      const at = this.freeAt[i]!;
      if (len === size) {
        this.freeAt.splice(i, 1);
        this.freeLen.splice(i, 1);
      } else {
        this.freeAt[i] = at + size;
        this.freeLen[i] = len - size;
      }
      this.memory.fill(0, at, at + size);
      this.usedSlots += size;
      this.blockCount++;
      return at;
    }
    return -1;
  }

  /** Returns a block to the free list, merging it with free neighbours. */
  free(at: number, size: number): void {
    this.blockCount--;
    if (size <= 0) return;
    let i = 0;
    while (i < this.freeAt.length) {
      // Stryker disable next-line EqualityOperator: a free interval starting at `at` is a double free whether it stops here (next = at) or is passed (prevEnd > at)
      if (this.freeAt[i]! >= at) break;
      i++;
    }
    // Stryker disable next-line ConditionalExpression,EqualityOperator: at i = 0 the sum reads undefined (NaN), and NaN > at and NaN === at are false, as for -1
    const prevEnd = i > 0 ? this.freeAt[i - 1]! + this.freeLen[i - 1]! : -1;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: past the end freeAt[i] is undefined, and `undefined >= 0` and `undefined === at + size` are false, as for -1
    const next = i < this.freeAt.length ? this.freeAt[i]! : -1;
    if (prevEnd > at || (next >= 0 && at + size > next)) {
      throw new Error(`HelperPool.free(${at}, ${size}) overlaps free space: double free`);
    }
    this.usedSlots -= size;
    if (prevEnd === at) {
      this.freeLen[i - 1]! += size;
      if (next === at + size) {
        this.freeLen[i - 1]! += this.freeLen[i]!;
        this.freeAt.splice(i, 1);
        this.freeLen.splice(i, 1);
      }
    } else if (next === at + size) {
      this.freeAt[i] = at;
      this.freeLen[i]! += size;
    } else {
      this.freeAt.splice(i, 0, at);
      this.freeLen.splice(i, 0, size);
    }
  }

  get used(): number {
    return this.usedSlots;
  }

  get blocks(): number {
    return this.blockCount;
  }

  get largestFree(): number {
    let max = 0;
    for (const len of this.freeLen) max = Math.max(max, len);
    return max;
  }

  /** Free intervals as `[offset, length]` pairs (for tests and diagnostics). */
  freeIntervals(): Array<[number, number]> {
    return this.freeAt.map((at, i) => [at, this.freeLen[i]!]);
  }
}
