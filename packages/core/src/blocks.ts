import type { HelperState } from './binding.js';
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
  /** Channels of the signal it was laid out for: a new count means a new layout. */
  readonly channels: number;
  /** How many live batches hold it. */
  holders: number;
}

/**
 * The helpers constructed by one evaluation (or one direct `register`), and
 * the signals registered from it.
 *
 * Why batches and not signals own blocks: a helper built at the top level of a
 * session (`const hiss = noise()`) is bound to the next `register` but may be
 * called by every signal of that session. Each signal registered by the batch
 * keeps the whole batch alive, so no block is freed while any closure that
 * could reach it still plays. A re-evaluation re-claims the same keys in a new
 * batch before the old one is released, so persistent blocks never drop to
 * zero holders; blocks the new code no longer claims go when the old batch goes.
 */
export class Batch {
  readonly blocks = new Set<Block>();
  readonly handles: HelperState[] = [];
  /** Signals (live or fading) that hold this batch. */
  users = 0;
}

/** Key -> block map over a {@link HelperPool}, with batch ownership and rollback. */
export class BlockTable {
  private readonly byKey = new Map<string, Block>();
  private readonly live = new Set<Block>();
  /** Scratch memory for retired handles; grown at bind time, never in the audio loop. */
  private scratch = new Float64Array(16);

  constructor(private readonly pool: HelperPool) {}

  /**
   * Finds or places the block for `key` and adds it to `batch`. Returns the
   * block and whether it is new. `undo` receives what reverses the claim.
   */
  claim(
    batch: Batch,
    key: string,
    size: number,
    channels: number,
    signal: string,
    helper: string,
    undo: Array<() => void>,
  ): { block: Block; fresh: boolean } {
    const existing = this.byKey.get(key);
    if (existing && existing.size === size && existing.channels === channels) {
      if (!batch.blocks.has(existing)) {
        batch.blocks.add(existing);
        existing.holders++;
        undo.push(() => {
          existing.holders--;
        });
      }
      return { block: existing, fresh: false };
    }
    const at = this.pool.alloc(size);
    if (at < 0) {
      throw new PoolExhaustedError(signal, `${helper} (key ${key})`, size, this.pool.largestFree, this.pool.size);
    }
    const block: Block = { key, at, size, channels, holders: 1 };
    batch.blocks.add(block);
    this.live.add(block);
    // A resized (or re-laid-out) block is re-placed; the old one stays with the batches that
    // hold it (the code still playing) and is freed with them.
    this.byKey.set(key, block);
    undo.push(() => {
      this.live.delete(block);
      this.pool.free(at, size);
      if (existing) this.byKey.set(key, existing);
      else this.byKey.delete(key);
    });
    return { block, fresh: true };
  }

  /** Makes sure a handle of `size` slots can be retired safely. */
  reserveScratch(size: number): void {
    if (size > this.scratch.length) this.scratch = new Float64Array(Math.max(size, this.scratch.length * 2));
  }

  /** Drops one holder of `batch`; when none are left, frees its unheld blocks and retires its handles. */
  release(batch: Batch): void {
    if (--batch.users > 0) return;
    for (const block of batch.blocks) {
      if (--block.holders > 0) continue;
      this.pool.free(block.at, block.size);
      this.live.delete(block);
      if (this.byKey.get(block.key) === block) this.byKey.delete(block.key);
    }
    for (const h of batch.handles) h.retire(this.scratch);
    batch.blocks.clear();
    batch.handles.length = 0;
  }

  /** Forgets a rolled-back batch whose claims were already undone. */
  discard(batch: Batch): void {
    for (const h of batch.handles) h.retire(this.scratch);
    batch.blocks.clear();
    batch.handles.length = 0;
  }

  /** Every block not yet freed, including re-placed ones still held by playing code. */
  liveBlocks(): Block[] {
    return [...this.live];
  }

  get(key: string): Block | undefined {
    return this.byKey.get(key);
  }
}
