import type { BlockInit } from './binding.js';
import type { HelperPool } from './helper-pool.js';

/** Thrown when a claim does not fit the helper pool. Nothing has been changed. */
export class PoolExhaustedError extends Error {
  constructor(
    readonly signal: string,
    readonly helper: string,
    readonly requested: number,
    readonly largestFree: number,
    readonly poolSize: number,
  ) {
    super(
      `Helper memory exhausted registering '${signal}': ${helper} needs ${requested} slots, ` +
        `the largest free block is ${largestFree} of ${poolSize}. Nothing was changed; ` +
        `the previous code keeps playing. Raise helperPoolSize or stop some signals.`,
    );
    this.name = 'PoolExhaustedError';
  }
}

/** A claimed block of helper memory, found again by its stable key. */
export interface Block {
  readonly key: string;
  readonly at: number;
  readonly size: number;
  /** Channels it was laid out for (its helper's width, see `widen`): a new count means a new layout. */
  readonly channels: number;
  /** @internal Presets the block as new; run again to reset a block a fault poisoned. */
  readonly init?: BlockInit | undefined;
  /** @internal How many bound claimants use it. */
  refs: number;
  /** @internal It held a non-finite value when a signal reaching it faulted: the next commit presets it as new. */
  poisoned: boolean;
}

/**
 * What holds blocks: one helper instance (a {@link HelperState}), or the
 * claims of one raw bind hook. It is bound to one runtime at a time, and
 * stays bound exactly while some live signal of that runtime reaches it.
 */
export interface Claimant {
  readonly helper: string;
  /** @internal The block table it is bound in, or null while unbound. */
  owner: BlockTable | null;
  /** @internal Its blocks in the owner's pool. */
  blocks: Block[];
  /** @internal Called when its blocks are taken away: it must stop addressing them. */
  retire(): void;
}

/**
 * Key -> block map over a {@link HelperPool}, with the claimants bound to the
 * blocks. Ownership is decided by {@link BlockTable.sweep}: the registry says
 * which claimants some live signal reaches; every other one is unbound, and a
 * block no bound claimant uses is freed. So a block lives exactly as long as
 * something can reach it, whatever order signals come and go in, and
 * claimants that share a key (the same helper of a re-evaluated signal) share
 * the one block: its state lives in one place.
 */
export class BlockTable {
  private readonly byKey = new Map<string, Block>();
  private readonly live = new Set<Block>();
  private readonly bound = new Set<Claimant>();

  constructor(private readonly pool: HelperPool) {}

  /**
   * Finds or places the block for `key`, for `claimant`. Returns the block
   * and whether it is new (zeroed, `init` run). `undo` receives what reverses
   * the claim, unbinding the claimant again if this was its first.
   */
  claim(claimant: Claimant, key: string, size: number, channels: number, signal: string, init: BlockInit | undefined, undo: Array<() => void>): { block: Block; fresh: boolean } {
    const existing = this.byKey.get(key);
    let block: Block;
    const fresh = !(existing && existing.size === size && existing.channels === channels);
    if (!fresh) {
      block = existing!;
    } else {
      const at = this.pool.alloc(size);
      if (at < 0) {
        throw new PoolExhaustedError(signal, `${claimant.helper} (key ${key})`, size, this.pool.largestFree, this.pool.size);
      }
      block = { key, at, size, channels, init, refs: 0, poisoned: false };
      this.live.add(block);
      // A resized (or re-laid-out) block is re-placed under the key; the old one stays
      // while code still playing reaches it, and goes with that code.
      this.byKey.set(key, block);
      if (init) init(this.pool.memory, at, key);
    }
    block.refs++;
    claimant.blocks.push(block);
    const first = claimant.owner === null;
    claimant.owner = this;
    this.bound.add(claimant);
    undo.push(() => {
      block.refs--;
      claimant.blocks.pop();
      if (fresh) {
        this.live.delete(block);
        this.pool.free(block.at, block.size);
        if (existing) this.byKey.set(key, existing);
        else this.byKey.delete(key);
      }
      if (first) this.unbind(claimant);
    });
    return { block, fresh };
  }

  /**
   * Unbinds every claimant not in `reached` and frees every block no bound
   * claimant uses any more. Returns the number of blocks freed.
   */
  sweep(reached: ReadonlySet<Claimant>): number {
    for (const c of this.bound) if (!reached.has(c)) this.unbind(c);
    let freed = 0;
    for (const block of this.live) {
      if (block.refs > 0) continue;
      this.live.delete(block);
      this.pool.free(block.at, block.size);
      if (this.byKey.get(block.key) === block) this.byKey.delete(block.key);
      freed++;
    }
    return freed;
  }

  private unbind(c: Claimant): void {
    for (const block of c.blocks) block.refs--;
    c.blocks = [];
    c.owner = null;
    this.bound.delete(c);
    c.retire();
  }

  /** Presets a block as if it were new: zeroed, then its init run. */
  reset(block: Block): void {
    const m = this.pool.memory;
    m.fill(0, block.at, block.at + block.size);
    if (block.init) block.init(m, block.at, block.key);
    block.poisoned = false;
  }

  /** Presets every live block marked poisoned as new. */
  resetPoisoned(): void {
    for (const block of this.live) if (block.poisoned) this.reset(block);
  }

  /** Whether a block holds a NaN or an infinity. */
  nonFinite(block: Block): boolean {
    const m = this.pool.memory;
    for (let i = block.at, end = block.at + block.size; i < end; i++) if (m[i]! - m[i]! !== 0) return true;
    return false;
  }

  /** Every block not yet freed, including re-placed ones still reached by playing code. */
  liveBlocks(): Block[] {
    return [...this.live];
  }

  /** The claimants bound in this table (diagnostics, tests). */
  boundClaimants(): Claimant[] {
    return [...this.bound];
  }
}
