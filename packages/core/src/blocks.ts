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
    /** The smallest pool in which this block would have fitted (later claims of the same evaluation may need more). */
    readonly sizeToFit: number = poolSize + requested,
    /** Why the pool did not grow to fit it. */
    readonly whyNotGrown = '',
  ) {
    super(
      `Helper memory exhausted registering '${signal}': ${helper} needs ${requested} slots, ` +
        `the largest free block is ${largestFree} of ${poolSize}. Nothing was changed; ` +
        `the previous code keeps playing. Raise helperPoolSize or stop some signals.` +
        ` It needs a pool of at least ${sizeToFit} slots${whyNotGrown ? `; ${whyNotGrown}` : ''}.`,
    );
    this.name = 'PoolExhaustedError';
  }
}

/** Slots placed for a claimant that may have to move off a block it shares (see {@link BlockTable.reserve}). */
export interface Reservation {
  readonly claimant: Claimant;
  readonly block: Block;
  readonly at: number;
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
  /**
   * @internal Addresses the block at `to` (a copy of its one block) instead of
   * its block. Absent when its offsets live where the runtime cannot change them.
   */
  move?(to: number): void;
}

/**
 * Key -> block map over a {@link HelperPool}, with the claimants bound to the
 * blocks. Ownership is decided by {@link BlockTable.sweep}: the registry says
 * which claimants some live signal reaches; every other one is unbound, and a
 * block no bound claimant uses is freed. So a block lives exactly as long as
 * something can reach it, whatever order signals come and go in, and
 * claimants that share a key (the same helper of a re-evaluated signal) share
 * the one block while the transaction that binds the new one is open: its
 * state lives in one place. When the old one stays bound after the commit,
 * {@link BlockTable.separate} moves it to a copy.
 */
export class BlockTable {
  private readonly byKey = new Map<string, Block>();
  private readonly live = new Set<Block>();
  private readonly bound = new Set<Claimant>();

  /**
   * @param grow - called when a claim does not fit: grows the pool (and moves
   *   what holds its memory) so that `size` slots fit, or returns why it did not
   *   (and leaves the pool as it was).
   */
  constructor(
    private readonly pool: HelperPool,
    private readonly grow: (claimant: Claimant, size: number) => string,
  ) {}

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
      const at = this.place(claimant, key, size, signal);
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
        // Stryker disable next-line ConditionalExpression: a key set to undefined reads as absent (the table reads keys only with get)
        if (existing) this.byKey.set(key, existing);
        else this.byKey.delete(key);
      }
      if (first) this.unbind(claimant);
    });
    return { block, fresh };
  }

  /** Places `size` slots, growing the pool if it must; throws when they do not fit. */
  private place(claimant: Claimant, key: string, size: number, signal: string): number {
    let at = this.pool.alloc(size);
    if (at < 0) {
      const before = { largest: this.pool.largestFree, size: this.pool.size, fit: this.pool.sizeToFit(size) };
      const refusal = this.grow(claimant, size);
      // Grown, the block fits; refused, the pool is as it was and it still does not.
      at = this.pool.alloc(size);
      if (at < 0) throw new PoolExhaustedError(signal, `${claimant.helper} (key ${key})`, size, before.largest, before.size, before.fit, refusal);
    }
    return at;
  }

  /** The bound claimants of each block that has any. */
  holders(): Map<Block, Claimant[]> {
    const all = new Map<Block, Claimant[]>();
    for (const c of this.bound) {
      for (const b of c.blocks) {
        const list = all.get(b);
        if (list) list.push(c);
        else all.set(b, [c]);
      }
    }
    return all;
  }

  /**
   * Places the slots for a copy of `block` before a commit, where a claim may
   * still fail: `claimant` (new in the transaction) shares the block with
   * helpers bound earlier that other code may still run. `undo` frees them.
   * @throws when they do not fit, or neither side can be moved.
   */
  reserve(claimant: Claimant, block: Block, earlier: readonly Claimant[], signal: string, undo: Array<() => void>): Reservation {
    // Stryker disable next-line MethodExpression: `earlier` is one claimant (each commit leaves a block one holder bound before the next transaction: separate moves it off, or the sweep unbinds it), so every and some agree
    if (!earlier.every(movable) && !movable(claimant)) {
      throw new Error(
        `register('${signal}'): ${claimant.helper} (key ${block.key}) would share its memory with a helper that other code may still run, ` +
          'and an onBind hook keeps its offsets where they cannot be moved: build the helper once and use that one. Nothing was changed.',
      );
    }
    // Undone only by a rollback, before the commit that would use or free it.
    const reservation: Reservation = { claimant, block, at: this.place(claimant, block.key, block.size, signal) };
    undo.push(() => this.pool.free(reservation.at, block.size));
    return reservation;
  }

  /**
   * After a commit's sweep, for each reservation whose block still has
   * claimants bound before the transaction (`fresh`: the claimants it bound):
   * moves those onto a copy of the block (state and all), so that no two
   * helpers compute into one block — one helper's steps would advance the
   * other's state, or one would hear the other's output. The transaction's
   * own claimant keeps the block and its key: a live signal's memory stays
   * where it is. The copy is labelled `<key>~retired`, found by no key (an
   * onBind hook, which cannot move, keeps the block; the new claimant moves
   * instead). Frees the reservations not needed.
   */
  separate(reservations: readonly Reservation[], fresh: ReadonlySet<Claimant>): void {
    // Stryker disable next-line ConditionalExpression: with no reservation the loop does nothing; the early return spares building the holders map
    if (reservations.length === 0) return;
    const holders = this.holders();
    for (const r of reservations) {
      const { claimant, block, at } = r;
      // A claimant that still holds the block is bound, so among its holders.
      const earlier = claimant.blocks.includes(block) ? holders.get(block)!.filter((h) => !fresh.has(h)) : [];
      if (earlier.length === 0) {
        this.pool.free(at, block.size);
        continue;
      }
      this.pool.memory.copyWithin(at, block.at, block.at + block.size);
      // Stryker disable next-line MethodExpression: `earlier` is one claimant here too (see reserve), so every and some agree
      const moveEarlier = earlier.every(movable);
      const copy: Block = { ...block, at, refs: 0, key: moveEarlier ? `${block.key}~retired` : block.key };
      this.live.add(copy);
      for (const c of moveEarlier ? earlier : [claimant]) {
        c.blocks[c.blocks.indexOf(block)] = copy;
        block.refs--;
        copy.refs++;
        c.move!(at);
      }
      if (!moveEarlier && this.byKey.get(block.key) === block) this.byKey.set(block.key, copy);
    }
  }

  /**
   * Unbinds every claimant not in `reached` and frees every block no bound
   * claimant uses any more.
   */
  sweep(reached: ReadonlySet<Claimant>): void {
    for (const c of this.bound) if (!reached.has(c)) this.unbind(c);
    for (const block of this.live) {
      if (block.refs > 0) continue;
      this.live.delete(block);
      this.pool.free(block.at, block.size);
      if (this.byKey.get(block.key) === block) this.byKey.delete(block.key);
    }
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

/** Whether a claimant can address a copy of its block (a helper handle can; an onBind hook's closure cannot). */
function movable(c: Claimant): boolean {
  return typeof c.move === 'function';
}
