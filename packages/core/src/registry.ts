import { CLAIMS, takePending, type BindContext, type HelperState } from './binding.js';
import { BlockTable, type Block } from './blocks.js';
import type { HelperPool } from './helper-pool.js';
import type { SignalPool } from './signal-pool.js';
import { SignalRecord } from './signal-record.js';
import type { Transaction } from './transaction.js';
import type { Stage } from './compile.js';
import type { Signal } from './types.js';

const EMPTY = new Float64Array(0);

/**
 * The signals by name and what they hold: applies transactions (bind, claim,
 * commit or roll back), fades and the performer's verbs, and frees a signal's
 * slot and helper memory once its fade-out has ended. Edits the render list
 * only between blocks.
 */
export class Registry {
  readonly records = new Map<string, SignalRecord>();
  private soloed = new Set<string>();
  private readonly blocks: BlockTable;

  constructor(
    private readonly sampleRate: number,
    private readonly channels: number,
    private readonly fadeSeconds: number,
    private readonly helperPool: HelperPool,
    private readonly signalPool: SignalPool,
    /** The mixer's render list. */
    private readonly playing: SignalRecord[],
    /** Frames rendered so far. */
    private readonly clock: () => number,
    /** What compiled signals are specialised to. */
    private readonly renderStage: Stage,
  ) {
    this.blocks = new BlockTable(helperPool);
  }

  /** Fades `name` out, then frees it. False when there is no such signal. */
  stop(name: string, fadeSeconds?: number): boolean {
    this.reap();
    const r = this.records.get(name);
    if (!r) return false;
    this.stopRecord(r, fadeSeconds); // again while fading: the new fade time wins
    return true;
  }

  private stopRecord(r: SignalRecord, fadeSeconds?: number): void {
    r.stopping = true;
    this.retarget(r, fadeSeconds);
  }

  solo(names: string[], fadeSeconds?: number): void {
    this.soloed = new Set(names);
    for (const r of this.records.values()) this.retarget(r, fadeSeconds);
  }

  list(): string[] {
    this.reap();
    return [...this.records.values()].filter((r) => !r.stopping).map((r) => r.name);
  }

  liveBlocks(): Block[] {
    this.reap();
    return this.blocks.liveBlocks();
  }

  /** @internal Binds the pending helpers to `name` and stages its registration. */
  stage(tx: Transaction, name: string, fn: Signal, channels?: number, fadeSeconds?: number): void {
    if (typeof name !== 'string' || name === '') throw new TypeError(`register: the name must be a non-empty string, got ${String(name)}`);
    if (typeof fn !== 'function') {
      throw new TypeError(`register('${name}'): expected a signal function (s => sample), got ${fn === null ? 'null' : typeof fn}`);
    }
    const { hooks, width } = takePending();
    const wanted = channels ?? width;
    if (!Number.isInteger(wanted) || wanted < 1) throw new RangeError(`register('${name}'): channels must be a positive integer, got ${wanted}`);
    const n = Math.min(wanted, this.channels);
    const existing = this.records.get(name);
    if (!existing && !tx.newNames.has(name)) {
      if (tx.newNames.size >= this.signalPool.free) {
        throw new Error(`Cannot register '${name}': all ${this.signalPool.maxSignals} signal slots are in use (maxSignals). Nothing was changed.`);
      }
      tx.newNames.add(name);
    }
    const counters = new Map<string, number>();
    const memory = this.helperPool.memory;
    const ctx: BindContext = {
      t: this.clock() / this.sampleRate,
      frame: this.clock(),
      sr: this.sampleRate,
      dt: 1 / this.sampleRate,
      name,
      state: existing?.state ?? EMPTY,
      channels: n,
      ch: 0,
      memory,
      [CLAIMS]: {
        claim: (helper, size, init) => {
          const index = counters.get(helper) ?? 0;
          counters.set(helper, index + 1);
          const key = `${name}_${helper}_${index}`;
          const { block, fresh } = this.blocks.claim(tx.batch, key, size, n, name, helper, tx.undo);
          this.blocks.reserveScratch(size);
          if (fresh && init) init(memory, block.at, key);
          return block.at;
        },
        track: (state) => {
          tx.batch.handles.push(state);
        },
      },
    };
    for (const hook of hooks) hook(ctx);
    tx.ops.push({ kind: 'register', name, fn, channels: n, fadeSeconds, bound: hooks.length });
    tx.registered.add(name);
  }

  /** @internal Applies a staged transaction; in session mode, fades out what it did not register. */
  commit(tx: Transaction, session: boolean): void {
    for (const op of tx.ops) {
      if (op.kind === 'call') op.run();
      else this.apply(tx, op.name, op.fn, op.channels, op.fadeSeconds, op.bound);
    }
    if (session) {
      for (const r of this.records.values()) if (!tx.registered.has(r.name) && !r.stopping) this.stopRecord(r);
    }
    if (tx.batch.users === 0) {
      tx.batch.users = 1;
      this.blocks.release(tx.batch);
    }
    this.recompile();
  }

  /**
   * Compiles every playing signal again, telling each which of its kernels
   * other fully compiled signals reach too, and whether any signal could read
   * stamps and rings (see compile.ts). Runs after every change of the signal
   * set (re-evaluating 64 seed chains takes ~15 ms in all), never in the audio loop.
   */
  private recompile(): void {
    const seen = new Set<HelperState>();
    const shared = new Set<HelperState>();
    let readers = false;
    for (const r of this.playing) {
      const g = r.graph();
      if (g.opaque) {
        readers = true;
        continue;
      }
      for (const h of g.states) {
        if (seen.has(h)) shared.add(h);
        seen.add(h);
      }
    }
    for (const r of this.playing) r.recompile(shared, readers);
  }

  /** @internal Undoes every claim of a transaction that will not be committed. */
  rollback(tx: Transaction): void {
    for (let i = tx.undo.length - 1; i >= 0; i--) tx.undo[i]!();
    this.blocks.discard(tx.batch);
    takePending();
  }

  private apply(tx: Transaction, name: string, fn: Signal, channels: number, fadeSeconds: number | undefined, bound: number): void {
    let r = this.records.get(name);
    if (!r) {
      const slot = this.signalPool.alloc();
      r = new SignalRecord(name, fn, channels, slot, this.signalPool.view(slot), this.renderStage);
      this.records.set(name, r);
      this.playing.push(r);
    } else {
      r.replace(fn, channels);
      if (r.faulted) r.gain = 0;
      r.faulted = false;
      r.stopping = false;
      r.finished = false;
    }
    // A host re-registering without building helpers may be reusing ones it built before: keep them.
    if (!(tx.direct && bound === 0 && r.batches.length > 0)) {
      const old = r.batches;
      tx.batch.users++;
      r.batches = [tx.batch];
      for (const b of old) this.blocks.release(b);
    }
    this.retarget(r, fadeSeconds);
  }

  setFlag(name: string, muted: boolean, fadeSeconds?: number): void {
    const r = this.records.get(name);
    if (!r) throw new Error(`No signal named '${name}' (playing: ${this.list().join(', ') || 'none'})`);
    r.muted = muted;
    this.retarget(r, fadeSeconds);
  }

  private retarget(r: SignalRecord, fadeSeconds = this.fadeSeconds): void {
    const silent = r.stopping || r.muted || (this.soloed.size > 0 && !this.soloed.has(r.name));
    r.target = silent ? 0 : 1;
    r.ramp = fadeSeconds > 0 ? 1 / (fadeSeconds * this.sampleRate) : Infinity;
    if (r.stopping && (r.gain === 0 || fadeSeconds <= 0)) r.finished = true;
  }

  /** Frees the signals whose fade-out has ended. Runs at every control call, never in the audio loop. */
  reap(): void {
    const list = this.playing;
    let reaped = false;
    for (let k = list.length - 1; k >= 0; k--) {
      const r = list[k]!;
      if (!r.finished) continue;
      list.splice(k, 1);
      this.records.delete(r.name);
      this.signalPool.release(r.slot);
      for (const b of r.batches) this.blocks.release(b);
      r.batches = [];
      reaped = true;
    }
    // Fewer signals may leave a kernel unshared, and freed blocks retire handles: compile again.
    if (reaped) this.recompile();
  }
}
