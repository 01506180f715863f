import { binder, CLAIMS, restorePending, takePending, type BindContext, type BlockInit, type ClaimTarget, type HelperState, type Taken } from './binding.js';
import { BlockTable, type Block, type Claimant } from './blocks.js';
import type { HelperPool } from './helper-pool.js';
import { globalBaseline, globalValues, reachOf, scanAmbient, type Reach } from './reach.js';
import type { SignalPool } from './signal-pool.js';
import { SignalRecord } from './signal-record.js';
import type { WarmScratch } from './tier.js';
import { Transaction } from './transaction.js';
import type { Stage } from './compile.js';
import type { Signal } from './types.js';
import { Widths } from './width.js';

const EMPTY = new Float64Array(0);
const NONE: ReadonlySet<Claimant> = new Set();

/**
 * The signals by name and what they hold: stages and applies transactions
 * (bind, claim, commit or roll back), fades and the performer's verbs, and
 * frees a signal's slot and helper memory once its fade-out has ended. Edits
 * the render list only between blocks.
 *
 * Ownership is one rule: a helper's memory lives exactly as long as some live
 * signal can reach it. After every change, {@link Registry.sweep} collects
 * what the live signals (playing or fading) reach, and the block table frees
 * the rest. What a signal reaches, as far as the runtime can see:
 * - the helpers of its kernel graph (exact: a compiled signal reaches nothing else);
 * - when it calls functions of its own, conservatively also every helper
 *   its transaction built (the session's top-level helpers), the ambient
 *   helpers (installed into the scope, or kept on globalThis), and, when the
 *   host registered it directly, the helpers of every signal playing then
 *   (the host's variables may hold any of them).
 */
export class Registry {
  readonly records = new Map<string, SignalRecord>();
  private soloed = new Set<string>();
  private readonly blocks: BlockTable;
  /** Values installed into the session scope: their helper instances are ambient. */
  private readonly installed: unknown[] = [];
  /** Ambient helpers as last scanned. */
  private ambient: ReadonlySet<Claimant> = new Set();
  /** For a function found in the ambient scope: the scope of the transaction that first saw it. */
  private readonly origin = new WeakMap<object, ReadonlySet<Claimant>>();
  private readonly baseline = globalBaseline();
  /** The transaction being staged: a sweep meanwhile keeps what it claimed. */
  private open: Transaction | null = null;
  /** The helpers of a direct register that was refused, bound when the same function is registered again. */
  private readonly refused = new WeakMap<Signal, Taken>();

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
    /** Where new loops warm before they play (a tiered runtime); undefined: they play at once. */
    private readonly scratch?: WarmScratch,
  ) {
    this.blocks = new BlockTable(helperPool, (claimant, size) => this.grow(claimant, size));
  }

  /**
   * Grows the helper pool so that a claim of `size` slots fits, inside the
   * transaction that needs it (between blocks): the pool is copied, every
   * bound helper handle and the render stage move to the copy, and every
   * playing signal's loop is instantiated again over it (a loop holds the
   * memory it was made with). Offsets and state are unchanged, so the old
   * session plays on bit-identically whether the transaction commits or
   * rolls back. Returns '' when it grew, else why not.
   */
  private grow(claimant: Claimant, size: number): string {
    // A raw bind hook keeps `s.memory` in a closure of its own, which cannot be moved.
    const raw = [claimant, ...this.blocks.boundClaimants()].find((c) => !isHelperState(c));
    if (raw) return `the pool cannot grow while ${raw.helper} (an onBind hook, which keeps the memory in its own closure) is bound`;
    if (!this.helperPool.grow(size)) return `the pool grows to at most ${this.helperPool.limit} slots (maxHelperPoolSize)`;
    const memory = this.helperPool.memory;
    for (const c of this.blocks.boundClaimants()) (c as HelperState).memory = memory;
    this.renderStage.memory = memory;
    this.recompile();
    return '';
  }

  /** Starts a transaction; exactly one is open at a time, until commit or rollback. */
  begin(direct: boolean): Transaction {
    if (this.open) throw new Error('A transaction is already open: register, play and evaluate cannot be nested');
    this.open = new Transaction(direct);
    return this.open;
  }

  /** Fades `name` out, then frees it. False when there is no such signal. */
  stop(name: string, fadeSeconds?: number): boolean {
    const r = this.records.get(name);
    if (!r) return false;
    this.stopRecord(r, fadeSeconds); // again while fading: the new fade time wins
    return true;
  }

  private stopRecord(r: SignalRecord, fadeSeconds?: number): void {
    r.stopping = true;
    this.retarget(r, fadeSeconds);
    if (this.soloed.delete(r.name) && this.soloed.size === 0) this.solo([], fadeSeconds);
  }

  /** Hears only `names` (each must be a signal), or every signal for `[]`. */
  solo(names: readonly string[], fadeSeconds?: number): void {
    for (const n of names) this.check('solo', n);
    this.soloed = new Set(names.filter((n) => !this.records.get(n)?.stopping));
    for (const r of this.records.values()) this.retarget(r, fadeSeconds);
  }

  /** Stops every signal. */
  clear(fadeSeconds?: number): void {
    for (const r of this.records.values()) this.stopRecord(r, fadeSeconds);
  }

  /** Names of the signals playing (not those fading out). */
  list(): string[] {
    return [...this.records.values()].filter((r) => !r.stopping).map((r) => r.name);
  }

  /** Names soloed now (empty when no solo is on). */
  soloedNames(): string[] {
    return [...this.soloed];
  }

  liveBlocks(): Block[] {
    return this.blocks.liveBlocks();
  }

  /** @internal Every claimant bound in this runtime (tests). */
  boundClaimants(): Claimant[] {
    return this.blocks.boundClaimants();
  }

  /** Puts `values` (a helper package's exports, helper instances) in the ambient scope. */
  install(values: readonly unknown[]): void {
    this.installed.push(...values);
    // Kernel instances among them were built just before install: they belong to the
    // scope, not to the host's next register. (A closure helper does not show its
    // handle; it stays pending, for the next register.) The functions themselves reach
    // no session's helpers.
    const found = scanAmbient(values, this.origin, NONE);
    const taken = takePending();
    restorePending({ ...taken, pending: taken.pending.filter((p) => !found.has(p.claimant)) });
  }

  /** @internal Binds the pending helpers (and any unbound helper it reaches) to `name` and stages its registration. */
  stageRegister(tx: Transaction, name: string, fn: Signal, channels?: number, fadeSeconds?: number): void {
    if (typeof name !== 'string' || name === '') throw new TypeError(`register: the name must be a non-empty string, got ${String(name)}`);
    if (typeof fn !== 'function') {
      throw new TypeError(`register('${name}'): expected a signal function (s => sample), got ${fn === null ? 'null' : typeof fn}`);
    }
    const taken = this.pendingFor(fn);
    if (tx.direct) tx.taken.push({ fn, taken });
    const wanted = channels ?? taken.width;
    if (!Number.isInteger(wanted) || wanted < 1) throw new RangeError(`register('${name}'): channels must be a positive integer, got ${wanted}`);
    const n = Math.min(wanted, this.channels);
    const existing = this.records.get(name);
    if (!existing && !tx.newNames.has(name)) {
      if (tx.newNames.size >= this.signalPool.free) {
        throw new Error(`Cannot register '${name}': all ${this.signalPool.maxSignals} signal slots are in use (maxSignals). Nothing was changed.`);
      }
      tx.newNames.add(name);
    }
    const claimed = tx.claimed.get(name) ?? [];
    tx.claimed.set(name, claimed);
    // Each helper's block holds its own width (see widen): a kernel's is inferred from its
    // inputs, anything the runtime cannot see into is as wide as the signal.
    const widths = new Widths(n, this.blocks);
    const full = binder().fullWidth;
    const widthOf = (c: Claimant): number => (!full && isHelperState(c) && c.node ? widths.ofNode(c.node) : n);
    // Helpers built for this register: keys `${name}_${helper}_${n}`, the seed's stable keys.
    const own = this.context(tx, name, existing, '_', claimed);
    for (const p of taken.pending) if (p.claimant.owner === null) own.bind(p.claimant, widthOf(p.claimant), () => p.hook(own.ctx));
    // Helpers it reaches that are bound nowhere (built earlier, installed, freed and
    // reached again): bound here, under keys of their own (`${name}~${helper}_${n}`), so
    // they never take the block of a helper this signal builds itself.
    const reach = reachOf(fn);
    const late = this.context(tx, name, existing, '~', []);
    const adopt = (c: Claimant): void => {
      if (c.owner === null && isHelperState(c)) late.bind(c, widthOf(c), () => c.bind(late.ctx));
    };
    for (const state of reach.states) {
      if (state.owner !== null && state.owner !== this.blocks) {
        throw new Error(
          `register('${name}'): its ${state.helper} is bound to another runtime. A helper keeps its state in one runtime's memory: ` +
            'build the signal again (new helper instances) for this runtime. Nothing was changed.',
        );
      }
      adopt(state);
    }
    if (reach.opaque) for (const c of this.scan(tx)) adopt(c);
    tx.ops.push({ kind: 'register', name, fn, channels: n, fadeSeconds, reach });
    tx.registered.add(name);
  }

  /** The helpers built since the last register, after those of a refused register of the same function (a retry). */
  private pendingFor(fn: Signal): Taken {
    const taken = takePending();
    const retry = this.refused.get(fn);
    if (!retry) return taken;
    this.refused.delete(fn);
    return { pending: [...retry.pending, ...taken.pending], width: Math.max(retry.width, taken.width) };
  }

  /**
   * A bind context for `name` whose claims go to the claimant being bound, under keys
   * `${name}${sep}${helper}_${n}`, with `channels` that claimant's width.
   */
  private context(tx: Transaction, name: string, existing: SignalRecord | undefined, sep: string, claimed: Block[]) {
    const counters = new Map<string, number>();
    let current: Claimant | null = null;
    const ctx: BindContext = new BindingContext(this.helperPool, this.clock(), this.sampleRate, name, existing?.state ?? EMPTY, {
      claim: (helper: string, size: number, init?: BlockInit) => {
        if (!current) throw new Error(`claimStateBlock('${helper}') was called outside its bind hook`);
        const index = counters.get(helper) ?? 0;
        counters.set(helper, index + 1);
        const key = `${name}${sep}${helper}_${index}`;
        const { block, fresh } = this.blocks.claim(current, key, size, ctx.channels, name, init, tx.undo);
        if (!fresh && block.refs > 1) tx.joined.push({ claimant: current, block, signal: name });
        claimed.push(block);
        return block.at;
      },
    });
    const bind = (c: Claimant, channels: number, run: () => void): void => {
      current = c;
      ctx.channels = channels;
      try {
        run();
      } finally {
        current = null;
      }
      tx.scope.add(c);
    };
    return { ctx, bind };
  }

  /** The ambient helpers now, scanned once per transaction. */
  private scan(tx: Transaction): ReadonlySet<Claimant> {
    if (tx.ambient) return tx.ambient;
    tx.ambient = this.ambientNow(tx);
    return tx.ambient;
  }

  /** Every helper reachable from the installed values and globalThis. */
  private ambientNow(tx: Transaction): Set<Claimant> {
    return scanAmbient([...this.installed, ...globalValues(this.baseline)], this.origin, tx.scope);
  }

  /** Stages a verb of session code: checked now (a bad name fails the evaluation at its line), applied at commit. */
  stageVerb(tx: Transaction, verb: 'stop' | 'unregister' | 'mute' | 'unmute' | 'solo' | 'unsolo' | 'clear', args: unknown[]): void {
    const fade = (i: number) => {
      const f = args[i];
      if (f !== undefined && (typeof f !== 'number' || !(f >= 0))) throw new RangeError(`${verb}: the fade must be a number of seconds >= 0, got ${String(f)}`);
      return f as number | undefined;
    };
    const later = (apply: () => void): void => void tx.ops.push({ kind: 'verb', apply });
    switch (verb) {
      case 'stop':
      case 'unregister': {
        const name = this.nameArg(verb, args[0]);
        const f = fade(1);
        if (!this.records.has(name) && !tx.registered.has(name)) tx.warnings.push(`${verb}('${name}'): no signal named '${name}'; nothing to stop`);
        return later(() => void this.stop(name, f));
      }
      case 'mute':
      case 'unmute': {
        const name = this.nameArg(verb, args[0]);
        const f = fade(1);
        if (!this.records.has(name) && !tx.registered.has(name)) this.missing(verb, name, tx);
        return later(() => this.setFlag(name, verb === 'mute', f));
      }
      case 'solo': {
        const names = Array.isArray(args[0]) ? (args[0] as unknown[]) : [args[0]];
        const checked = names.map((n) => this.nameArg(verb, n));
        for (const n of checked) if (!this.records.has(n) && !tx.registered.has(n)) this.missing(verb, n, tx);
        const f = fade(1);
        return later(() => this.solo(checked, f));
      }
      case 'unsolo': {
        const f = fade(0);
        return later(() => this.solo([], f));
      }
      case 'clear': {
        const f = fade(0);
        return later(() => this.clear(f));
      }
    }
  }

  private nameArg(verb: string, name: unknown): string {
    if (typeof name !== 'string') throw new TypeError(`${verb}(${typeof name === 'object' ? JSON.stringify(name) : String(name)}): the argument must be a signal name (a string)`);
    return name;
  }

  private missing(verb: string, name: string, tx?: Transaction): never {
    const known = [...new Set([...this.list(), ...(tx ? tx.registered : [])])];
    throw new Error(`${verb}('${name}'): no signal named '${name}' (signals: ${known.join(', ') || 'none'})`);
  }

  private check(verb: string, name: string): void {
    if (!this.records.has(name)) this.missing(verb, name);
  }

  /**
   * @internal Ends the staging of a transaction, before its commit (where
   * nothing may fail): a claim that found its key's block held by a helper
   * other code may still run after the commit (another signal reaches it, a
   * fading one, a function of the user's own, what the session keeps on
   * globalThis) gets slots placed for a copy of the block. The commit then
   * moves that helper to the copy if it is still bound after its sweep, so
   * that no two helpers compute into one block.
   * @throws PoolExhaustedError when the slots do not fit (roll back: nothing changed).
   */
  reserve(tx: Transaction): void {
    if (tx.joined.length === 0) return;
    const holders = this.blocks.holders();
    const others = (claimant: Claimant, block: Block) => holders.get(block)!.filter((h) => h !== claimant && !tx.scope.has(h));
    const contested = tx.joined.filter(({ claimant, block }) => others(claimant, block).length > 0);
    if (contested.length === 0) return;
    const live = this.mayRun(tx);
    const reserved = new Set<Block>();
    for (const { claimant, block, signal } of contested) {
      const earlier = others(claimant, block);
      if (reserved.has(block) || !earlier.some((h) => live.has(h))) continue;
      reserved.add(block);
      tx.reserved.push(this.blocks.reserve(claimant, block, earlier, signal, tx.undo));
    }
  }

  /**
   * The claimants code may still run after `tx` commits, taken widely: what
   * every signal it does not replace reaches (fading, stopped by a verb of
   * it or not), and everything reachable when any function cannot be seen into.
   */
  private mayRun(tx: Transaction): Set<Claimant> {
    const live = new Set<Claimant>();
    let opaque = false;
    for (const r of this.records.values()) {
      if (tx.registered.has(r.name)) continue;
      for (const c of this.reached(r)) live.add(c);
      opaque ||= r.reach.opaque;
    }
    for (const op of tx.ops) {
      if (op.kind !== 'register') continue;
      for (const c of op.reach.states) live.add(c);
      opaque ||= op.reach.opaque;
    }
    if (opaque) for (const c of [...tx.scope, ...this.ambient, ...this.ambientNow(tx)]) live.add(c);
    return live;
  }

  /** @internal Applies a staged transaction; in session mode, fades out what it did not register. */
  commit(tx: Transaction, session: boolean): void {
    // Blocks a fault left non-finite start clean, whoever reaches them now.
    this.blocks.resetPoisoned();
    for (const op of tx.ops) {
      if (op.kind === 'verb') op.apply();
      else this.apply(tx, op.name, op.fn, op.channels, op.fadeSeconds, op.reach);
    }
    if (session) {
      for (const r of this.records.values()) if (!tx.registered.has(r.name) && !r.stopping) this.stopRecord(r);
    }
    if (!tx.direct) {
      // Functions the session left on globalThis are remembered with its scope.
      this.ambient = this.ambientNow(tx);
    } else if (tx.ambient) {
      this.ambient = tx.ambient;
    }
    this.open = null;
    this.reap();
    this.sweep();
    this.blocks.separate(tx.reserved, tx.scope);
    this.recompile();
  }

  /** @internal Undoes every claim of a transaction that will not be committed. */
  rollback(tx: Transaction): void {
    for (let i = tx.undo.length - 1; i >= 0; i--) tx.undo[i]!();
    this.open = null;
    // A refused direct register keeps its helpers for a retry of the same call (and
    // gives them to no other register, in this runtime or another).
    for (const { fn, taken } of tx.taken) this.refused.set(fn, taken);
  }

  /** Whether some playing signal is on its closures while its loop warms. */
  tiering(): boolean {
    for (const r of this.playing) if (r.tiering && !r.finished && !r.faulted) return true;
    return false;
  }

  /**
   * One step of making or warming a new loop (see SignalRecord.warm), between
   * blocks; returns true while some signal still plays on its closures.
   */
  warm(): boolean {
    const frame = this.clock();
    let more = false;
    let stepped = false;
    for (const r of this.playing) {
      if (!r.tiering || r.finished || r.faulted) continue;
      if (!stepped) {
        stepped = true;
        if (r.warm(frame)) return true;
        continue;
      }
      more = true;
    }
    return more;
  }

  /**
   * Compiles every playing signal again, telling each which of its kernels
   * other fully compiled signals reach too, and whether any signal could read
   * stamps and rings (see compile.ts). Runs after every change of the signal
   * set, never in the audio loop.
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

  private apply(tx: Transaction, name: string, fn: Signal, channels: number, fadeSeconds: number | undefined, reach: Reach): void {
    // A function the host registers directly may call any helper its variables hold:
    // those of the signals playing now (their own, not what they carry in turn).
    const carried: Claimant[] = [];
    if (tx.direct && reach.opaque) {
      for (const other of this.records.values()) {
        for (const c of other.reach.states) carried.push(c);
        if (other.reach.opaque) for (const c of other.scope) carried.push(c);
      }
    }
    let r = this.records.get(name);
    if (!r) {
      const slot = this.signalPool.alloc();
      r = new SignalRecord(name, fn, channels, slot, this.signalPool.view(slot), this.renderStage, reach, this.scratch);
      this.records.set(name, r);
      this.playing.push(r);
    } else {
      r.replace(fn, channels, reach);
      r.stopping = false;
      r.finished = false;
    }
    r.scope = tx.scope;
    r.carried = carried;
    if (r.faulted) this.restart(r, tx.claimed.get(name) ?? []);
    this.retarget(r, fadeSeconds);
  }

  /**
   * A signal muted for a fault, registered again, starts clean: its own
   * helpers' blocks and any block it reaches that holds a non-finite value are
   * preset as new, and its `s.state` zeroed (what it computed may have been
   * poisoned by the fault; a fixed modulator must not meet a NaN filter state).
   */
  private restart(r: SignalRecord, own: readonly Block[]): void {
    const done = new Set<Block>(own);
    for (const b of own) this.blocks.reset(b);
    for (const c of this.reached(r)) {
      for (const b of c.blocks) {
        if (done.has(b)) continue;
        done.add(b);
        if (this.blocks.nonFinite(b)) this.blocks.reset(b);
      }
    }
    r.state.fill(0);
    r.faulted = false;
    r.gain = 0;
  }

  /**
   * After `name` faulted: marks the blocks it reaches that hold a non-finite
   * value, so that the next commit presets them as new. The poison may
   * outlive the signal (a helper of it kept by another, or found again by its
   * key); a fault's values are worth nothing to anyone.
   */
  poison(name: string): void {
    const r = this.records.get(name);
    if (!r) return;
    for (const c of this.reached(r)) for (const b of c.blocks) if (!b.poisoned && this.blocks.nonFinite(b)) b.poisoned = true;
  }

  /** What a record reaches (see the class doc). */
  private reached(r: SignalRecord): Claimant[] {
    const all: Claimant[] = [...r.reach.states];
    if (r.reach.opaque) all.push(...r.scope, ...r.carried, ...this.ambient);
    return all;
  }

  setFlag(name: string, muted: boolean, fadeSeconds?: number): void {
    const r = this.records.get(name);
    if (!r) this.missing(muted ? 'mute' : 'unmute', name);
    r.muted = muted;
    this.retarget(r, fadeSeconds);
  }

  private retarget(r: SignalRecord, fadeSeconds = this.fadeSeconds): void {
    const silent = r.stopping || r.muted || (this.soloed.size > 0 && !this.soloed.has(r.name));
    r.target = silent ? 0 : 1;
    r.ramp = fadeSeconds > 0 ? 1 / (fadeSeconds * this.sampleRate) : Infinity;
    if (r.stopping && (r.gain === 0 || fadeSeconds <= 0)) r.finished = true;
  }

  /**
   * Frees the signals whose fade-out has ended, then the memory nothing
   * reaches any more. Runs at control calls, never in the audio loop, and
   * recompiles nothing: fewer signals never make a compiled loop wrong.
   */
  settle(): void {
    if (this.reap()) this.sweep();
  }

  /** Drops the records whose fade-out has ended; true when there were any. */
  private reap(): boolean {
    const list = this.playing;
    let reaped = false;
    for (let k = list.length - 1; k >= 0; k--) {
      const r = list[k]!;
      if (!r.finished) continue;
      list.splice(k, 1);
      this.records.delete(r.name);
      this.signalPool.release(r.slot);
      if (this.soloed.delete(r.name) && this.soloed.size === 0) this.solo([]);
      reaped = true;
    }
    return reaped;
  }

  /** Unbinds every helper no live signal reaches and frees the blocks they leave unused. */
  private sweep(): void {
    const reached = new Set<Claimant>();
    // The signals of one evaluation share one scope: each scope is walked once.
    const scopes = new Set<ReadonlySet<Claimant>>();
    for (const r of this.records.values()) {
      for (const c of r.reach.states) reached.add(c);
      if (!r.reach.opaque) continue;
      scopes.add(r.scope);
      for (const c of r.carried) reached.add(c);
    }
    if (scopes.size > 0) scopes.add(this.ambient);
    if (this.open) scopes.add(this.open.scope);
    for (const scope of scopes) for (const c of scope) reached.add(c);
    this.blocks.sweep(reached);
  }
}

function isHelperState(c: Claimant): c is HelperState {
  return typeof (c as Partial<HelperState>).bind === 'function';
}

/** What a bind hook is given: the signal's context at the frame it is bound, its memory, and where its claims go. */
class BindingContext implements BindContext {
  readonly t: number;
  readonly dt: number;
  channels = 1;
  ch = 0;
  readonly [CLAIMS]: ClaimTarget;
  readonly #pool: HelperPool;

  constructor(
    pool: HelperPool,
    readonly frame: number,
    readonly sr: number,
    readonly name: string,
    readonly state: Float64Array,
    claims: ClaimTarget,
  ) {
    this.#pool = pool;
    this.t = frame / sr;
    this.dt = 1 / sr;
    this[CLAIMS] = claims;
  }

  /** Read at each use: a claim may grow the pool (and replace its memory). */
  get memory(): Float64Array {
    return this.#pool.memory;
  }
}
