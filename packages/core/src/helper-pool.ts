/**
 * The helper memory: one large Float64Array carved into blocks by a first-fit
 * allocator. Free space is kept as a sorted list of merged intervals, so the
 * layout after any sequence of claims and frees is canonical: freeing what was
 * just claimed restores exactly the previous free list (rollback relies on it).
 */
export class HelperPool {
  /** The memory every helper reads and writes. Never reallocated. */
  readonly memory: Float64Array;
  /** Start offsets of free intervals, ascending. */
  private readonly freeAt: number[] = [];
  /** Lengths of free intervals, parallel to `freeAt`. */
  private readonly freeLen: number[] = [];
  private usedSlots = 0;
  /** Blocks allocated and not yet freed, zero-sized ones included. */
  private blockCount = 0;

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size <= 0) {
      throw new RangeError(`helperPoolSize must be a positive integer, got ${size}`);
    }
    this.memory = new Float64Array(size);
    this.freeAt.push(0);
    this.freeLen.push(size);
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
    while (i < this.freeAt.length && this.freeAt[i]! < at) i++;
    const prevEnd = i > 0 ? this.freeAt[i - 1]! + this.freeLen[i - 1]! : -1;
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
    for (const len of this.freeLen) if (len > max) max = len;
    return max;
  }

  /** Free intervals as `[offset, length]` pairs (for tests and diagnostics). */
  freeIntervals(): Array<[number, number]> {
    return this.freeAt.map((at, i) => [at, this.freeLen[i]!]);
  }
}
