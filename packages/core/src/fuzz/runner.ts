// One fuzz run: runtime A under test, runtime B the witnesses' untouched copy.
// Each operation is applied to A (B only renders the same frames), then every
// invariant is checked; the first broken one throws a Violation that names
// the operation, its code and the operations before it.
import { takePending } from '../binding.js';
import { PoolExhaustedError } from '../blocks.js';
import { SessionError } from '../evaluate.js';
import { nodeOf } from '../kernel.js';
import { createRuntime, type Runtime } from '../runtime.js';
import type { Signal, SignalFault } from '../types.js';
import { registerOptions, signalCode, type Ref } from './codegen.js';
import { FACTORIES } from './helpers.js';
import { checkEmpty, checkLayout, checkReach, checkStatsKeepsRuns } from './layout.js';
import { Model } from './model.js';
import { ANY, FADES, NAMES, STOPPABLE, WITNESSES, type Op, type RunConfig, type SignalSpec } from './ops.js';
import { ReachTable } from './reach.js';
import { clearGlobals, INSTALLS, installName, LATE_KEY, presentGlobals } from './resources.js';
import { planSession, type SessionContext, type SessionPlan } from './session.js';
import { expectUnchanged, snapshot } from './snapshot.js';
import { Violation, violation } from './violation.js';
import { WITNESS_CODE, Witnesses } from './witness.js';

/** Checks and operations that can be switched off (FUZZ_OFF=a,b), to look past a known failure. */
export const SWITCHES = [
  // checks
  'statsRuns', // stats() keeps every record's render function
  'evaluateAgain', // a fault's message says 'evaluate again'
  'warnings', // a session's stop of a typo is in result.warnings
  'zeroState', // a new or faulted-then-re-registered signal starts with s.state zeroed
  'cleanRestart', // after a fault, a re-registered signal whose code is finite never faults (nor does one that binds its blocks)
  // operations
  ...(['session', 'register', 'stop', 'flag', 'solo', 'unsolo', 'render', 'install', 'fix', 'foreign', 'late'] as const),
  // ingredients
  'verbs', // in sessions: mute/unmute/solo of missing names, solo(42)
  'fail', // in sessions: syntax errors, throws, exhaustion, misspelt verbs, regexes
  'regex', // in sessions: a regex the parser accepts and the engine may not
  'clear', // in sessions
  'stopInSession', // stop/unregister in sessions
  'globals', // helpers kept on globalThis
  'donors', // direct registers calling helpers of the signals playing
  'reuse', // compiled direct registers calling any kernel built before
  'nan', // NaN modulators (and so faults, and their fixes)
  'retry', // a direct register refused for exhaustion, retried after freeing memory
  'listener', // the onError listener's callbacks (it still records faults)
] as const;
export type Switch = (typeof SWITCHES)[number];

/** The same operation with every NaN modulator left out. */
function withoutNaN(op: Op): Op {
  const sig = (x: SignalSpec): SignalSpec => (x.nan === null ? x : { ...x, nan: null });
  if (op.kind === 'register') return { ...op, sig: sig(op.sig) };
  if (op.kind !== 'session') return op;
  return { ...op, items: op.items.map((i) => (i.t === 'sig' || i.t === 'late' ? { ...i, sig: sig(i.sig) } : i)) };
}

const isWitness = (name: string): boolean => (WITNESSES as readonly string[]).includes(name);
const MAX_FRAMES = 300;

function exhausted(error: unknown): boolean {
  return error instanceof Error && (error.cause instanceof PoolExhaustedError || error instanceof PoolExhaustedError || /exhausted/i.test(error.message));
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

export class FuzzRun {
  readonly A: Runtime;
  readonly B: Runtime;
  private readonly reachA = new ReachTable();
  /** The shared helpers each directly registered function was given (what it carries, not its own). */
  private readonly borrowed = new WeakMap<Signal, ReadonlySet<Signal>>();
  private readonly reachB = new ReachTable();
  private readonly model = new Model();
  private readonly faults: SignalFault[] = [];
  private readonly everFaulted = new Set<string>();
  private witnesses!: Witnesses;
  /** The signal the function on globalThis[LATE_KEY] registers, as its session left it. */
  private late: { name: string; sig: SignalSpec } | null = null;
  private readonly outA: Float32Array;
  private readonly outB: Float32Array;
  private readonly scope: Record<string, unknown>;
  /** One line per operation applied, with its code. */
  readonly trace: string[] = [];
  /** Operations applied. */
  count = 0;

  constructor(
    readonly config: RunConfig,
    private readonly off: ReadonlySet<Switch> = new Set(),
  ) {
    const channels = config.stereo ? 2 : 1;
    const base = { sampleRate: config.sampleRate, channels };
    this.A = createRuntime({ ...base, helperPoolSize: config.pool });
    this.B = createRuntime({ ...base, helperPoolSize: 1 << 14 });
    this.scope = { ...FACTORIES, use: this.reachA.use, witness: this.reachA.witness };
    this.A.install(this.scope);
    this.B.install({ ...FACTORIES, use: this.reachB.use, witness: this.reachB.witness });
    this.A.onError((fault) => {
      this.faults.push(fault);
      if (!this.off.has('listener')) this.react(fault);
    });
    this.outA = new Float32Array(MAX_FRAMES * channels);
    this.outB = new Float32Array(MAX_FRAMES * channels);
  }

  /** Both runtimes evaluate the witness code; A then goes through the operations. */
  start(): void {
    clearGlobals();
    takePending();
    this.trace.push(`start: ${this.config.stereo ? 'stereo' : 'mono'}, ${this.config.sampleRate} Hz, A's pool ${this.config.pool} slots, listener ${this.config.listener}`);
    const prelude = this.off.has('nan') ? this.config.prelude.map((x) => ({ ...x, nan: null })) : this.config.prelude;
    try {
      prelude.forEach((spec, k) => {
        this.trace.push(`prelude ${k}`);
        this.register({ ...spec, name: k }, false);
      });
    } catch (error) {
      if (error instanceof Violation) throw this.explain(error, -1);
      throw error;
    }
    this.B.evaluate(WITNESS_CODE);
    try {
      this.A.evaluate(WITNESS_CODE, { mode: 'snippet' }); // the prelude plays on
    } catch (error) {
      if (!exhausted(error)) throw error;
      // The prelude took too much of A's pool: without it, then.
      this.trace.push('the witnesses do not fit after the prelude: prelude dropped');
      this.A.clear(0);
      this.model.playing.clear();
      this.A.evaluate(WITNESS_CODE);
    }
    this.model.playing.add('w1').add('w2');
    this.witnesses = new Witnesses(this.A, this.B);
    this.check();
  }

  apply(given: Op): void {
    const op = this.off.has('nan') ? withoutNaN(given) : given;
    const index = this.count++;
    this.trace.push(`#${index} ${op.kind}`);
    try {
      if (!this.off.has(op.kind)) this.run(op);
      this.processFaults();
      this.check();
    } catch (error) {
      if (error instanceof Violation) throw this.explain(error, index);
      throw error;
    }
  }

  /** clear(0), a render, then every count must be zero. */
  finish(): void {
    this.trace.push('end: clear(0), render 16 frames');
    try {
      this.A.clear(0);
      this.A.render(this.outA, 16);
      this.processFaults();
      checkEmpty(this.A);
    } catch (error) {
      if (error instanceof Violation) throw this.explain(error, this.count);
      throw error;
    } finally {
      clearGlobals();
    }
  }

  dispose(): void {
    clearGlobals();
  }

  private explain(error: Violation, index: number): Violation {
    const trace = this.trace.length > 60 ? ['...', ...this.trace.slice(-60)] : this.trace;
    const where = index < 0 ? 'in the prelude' : index >= this.count ? 'at the end' : `at operation #${index}`;
    return new Violation(`${error.message}\n  (${where}; the run so far:)\n    ${trace.join('\n    ')}`);
  }

  private note(line: string): void {
    this.trace[this.trace.length - 1] += ` ${line}`;
  }

  private run(op: Op): void {
    const A = this.A;
    switch (op.kind) {
      case 'session':
        return this.session(planSession(this.filtered(op), this.context()), false);
      case 'register':
        return this.register(op.sig, op.retry && !this.off.has('retry'));
      case 'stop': {
        const name = STOPPABLE[op.name % STOPPABLE.length]!;
        const fade = FADES[op.fade % FADES.length];
        const exists = A.debug().registry.records.has(name);
        // With the default fade, through unregister().
        const unregister = fade === undefined;
        this.note(unregister ? `A.unregister('${name}')` : `A.stop('${name}', ${fade})`);
        const got = unregister ? A.unregister(name) : A.stop(name, fade);
        if (got !== exists) violation(`A.${unregister ? 'unregister' : 'stop'}('${name}') returned ${got}, but '${name}' ${exists ? 'is' : 'is not'} a signal`);
        this.model.playing.delete(name);
        return;
      }
      case 'flag': {
        const name = ANY[op.name % ANY.length]!;
        const fade = FADES[op.fade % FADES.length];
        this.note(`A.${op.verb}('${name}', ${fade})`);
        const before = snapshot(A);
        const exists = A.debug().registry.records.has(name);
        let error: unknown;
        try {
          A[op.verb](name, fade);
        } catch (e) {
          error = e;
        }
        if (exists) {
          if (error !== undefined) violation(`A.${op.verb}('${name}') threw ${describeError(error)}`);
        } else {
          if (error === undefined) violation(`A.${op.verb}('${name}') of a missing signal did not throw`);
          expectUnchanged(before, A, `A.${op.verb}('${name}') of a missing signal`);
        }
        return;
      }
      case 'solo': {
        const names = [...A.debug().registry.records.keys()].sort();
        if (names.length === 0) return this.note('(no signals)');
        const chosen = [...new Set(op.names.map((i) => names[i % names.length]!))];
        this.note(`A.solo([${chosen.map((n) => `'${n}'`).join(', ')}])`);
        A.solo(chosen);
        return;
      }
      case 'unsolo':
        this.note('A.unsolo()');
        A.unsolo();
        return;
      case 'render': {
        const n = Math.max(1, Math.min(MAX_FRAMES, op.frames));
        this.note(`${n} frames (A at frame ${A.frame})`);
        A.render(this.outA, n);
        this.B.render(this.outB, n);
        for (let i = 0; i < n * A.channels; i++) {
          if (!Number.isFinite(this.outA[i]!)) violation(`A rendered a non-finite sample ${this.outA[i]} at frame ${A.frame - n + Math.floor(i / A.channels)}`);
        }
        return;
      }
      case 'install': {
        const which = op.which % INSTALLS.length;
        if (this.model.installed.has(which)) return this.note('(already installed)');
        const instance = INSTALLS[which]!.make();
        this.note(`A.install({ ${installName(which)}: ${INSTALLS[which]!.code} })`);
        A.install({ [installName(which)]: instance });
        this.model.installed.add(which);
        return;
      }
      case 'fix':
        return this.fix(NAMES[op.name % NAMES.length]!, op.direct);
      case 'foreign':
        return this.foreign(op.pick);
      case 'late':
        return this.callLate();
    }
  }

  private context(): SessionContext {
    return {
      records: new Set(this.A.debug().registry.records.keys()),
      playing: this.model.playing,
      installed: this.model.installed,
      frame: this.A.frame,
      verbsOnMissingNames: !this.off.has('verbs'),
    };
  }

  /** A session op without the ingredients switched off. */
  private filtered(op: Extract<Op, { kind: 'session' }>): Extract<Op, { kind: 'session' }> {
    const items = op.items.filter((item) => {
      if (item.t === 'clear') return !this.off.has('clear');
      if (item.t === 'stop') return !this.off.has('stopInSession');
      if (item.t === 'late') return !this.off.has('late');
      return true;
    });
    const fail = this.off.has('fail') || (this.off.has('regex') && op.fail?.t === 'regex') ? null : op.fail;
    const decls = this.off.has('globals') ? op.decls.filter((d) => d.t !== 'global') : op.decls;
    return { ...op, items, decls, fail };
  }

  /** Runs a planned evaluation on A and checks its outcome against the plan. */
  private session(plan: SessionPlan, fixed: boolean): void {
    const A = this.A;
    const model = this.model;
    this.note(
      `(${plan.mode}${plan.expect.ok ? '' : `, expected to fail: ${plan.expect.failures.map((f) => `${f.why} at line ${f.line}`).join(' or ')}`}):\n      ${plan.code.split('\n').join('\n      ')}`,
    );
    const before = snapshot(A);
    const records = new Set(A.debug().registry.records.keys());
    const faulted = new Set(model.faulted);
    const g = globalThis as Record<string, unknown>;
    const lateBefore = g[LATE_KEY];
    const playingBefore = new Set(model.playing);
    let result: ReturnType<Runtime['evaluate']> | undefined;
    let error: unknown;
    try {
      result = A.evaluate(plan.code, { mode: plan.mode });
    } catch (e) {
      error = e;
    }
    const expect = plan.expect;
    if (!result) {
      // The session's side effects on globalThis stay; its late function must not be called.
      if (lateBefore === undefined) delete g[LATE_KEY];
      else g[LATE_KEY] = lateBefore;
      if (!(error instanceof SessionError)) violation(`evaluate threw ${describeError(error)}, not a SessionError`);
      const refused = exhausted(error) && (expect.ok || expect.failures[0]!.phase === 'run');
      if (!refused) {
        if (expect.ok) violation(`evaluate failed: ${error.message}`);
        const match = expect.failures.find((f) => f.line === error.line) ?? expect.failures[0]!;
        const what = `the SessionError (expected: ${expect.failures.map((f) => `${f.why} at line ${f.line}`).join(' or ')})`;
        if (error.line !== match.line) violation(`${what} is at line ${error.line}: ${error.message}`);
        if (error.column === undefined) violation(`${what} has no column: ${error.message}`);
        if (match.says && !error.message.includes(match.says)) violation(`${what} does not say "${match.says}": ${error.message}`);
      }
      this.note(`-> ${error.message.split('\n')[0]}`);
      expectUnchanged(before, A, `a failed evaluation (${error.message.split('\n')[0]})`);
      return;
    }
    if (!expect.ok) violation(`evaluate succeeded; expected a SessionError (${expect.failures.map((f) => `${f.why} at line ${f.line}`).join(' or ')})`);
    const got = new Set(result.registered);
    if (got.size !== expect.registered.size || [...got].some((n) => !expect.registered.has(n))) {
      violation(`result.registered is [${[...got].join(', ')}], expected [${[...expect.registered].join(', ')}]`);
    }
    if (!this.off.has('warnings')) {
      const warnings = (result as { warnings?: unknown }).warnings;
      for (const typo of expect.typoStops) {
        if (!Array.isArray(warnings) || !warnings.some((w) => typeof w === 'string' && w.includes(typo))) {
          violation(`stop('${typo}') of no signal: result.warnings (${JSON.stringify(warnings)}) does not mention '${typo}'`);
        }
      }
    }
    model.playing.clear();
    for (const n of expect.playing) model.playing.add(n);
    // result.removed: among the names that stopped playing; in session mode, every name it no longer registers.
    const stopped = [...playingBefore].filter((n) => !model.playing.has(n));
    const dropped = plan.mode === 'session' ? [...playingBefore].filter((n) => !expect.registered.has(n)) : [];
    if (result.removed.some((n) => !stopped.includes(n)) || dropped.some((n) => !result.removed.includes(n))) {
      violation(`result.removed is [${result.removed.join(', ')}]; expected all of [${dropped.join(', ')}], within [${stopped.join(', ')}]`);
    }
    for (const name of expect.registered) {
      const sig = expect.specs.get(name) ?? null;
      if (!isWitness(name)) this.expectCleanState(name, records, faulted);
      model.registered(name, isWitness(name) ? null : sig, fixed);
    }
    if (expect.late) this.late = expect.late;
  }

  /** A signal that is new, or was muted for a fault, starts with s.state zeroed. */
  private expectCleanState(name: string, records: ReadonlySet<string>, faulted: ReadonlySet<string>): void {
    if (this.off.has('zeroState') || (records.has(name) && !faulted.has(name))) return;
    const r = this.A.debug().registry.records.get(name);
    if (!r) return; // registered, then stopped with no fade and freed in the same evaluation
    const k = r.state.findIndex((x) => x !== 0);
    if (k >= 0) violation(`'${name}' was ${records.has(name) ? 'muted for a fault and re-registered' : 'new'}, yet s.state[${k}] is ${r.state[k]}`);
  }

  /** The shared helpers a direct register may call: see the spec's reach rule. */
  private directPool(sig: SignalSpec, donors: boolean): Signal[] {
    const pool = new Set<Signal>();
    if (sig.compiled && !this.off.has('reuse')) {
      // A compiled signal reaches exactly its graph: any kernel, even one bound before or freed since.
      for (const k of this.reachA.kernels) pool.add(k);
    } else if (donors && !this.off.has('donors')) {
      // One registered directly reaches the helpers of every signal playing: their own, and
      // a compiled one's whole graph, not what a function of the user's own was given in turn.
      for (const r of this.A.debug().registry.records.values()) {
        if (r.stopping || isWitness(r.name)) continue;
        const lent = nodeOf(r.fn) ? undefined : this.borrowed.get(r.fn);
        for (const h of this.reachA.of(r.fn)?.helpers ?? []) if (this.reachA.shareable(h) && !lent?.has(h)) pool.add(h);
      }
    }
    for (const { value } of presentGlobals()) pool.add(value);
    for (const which of this.model.installed) pool.add(this.A.installed().get(installName(which)) as Signal);
    return [...pool];
  }

  /** A signal built by host code (the same text as session code, `pool[i]` for shared helpers). */
  private build(sig: SignalSpec, pool: readonly Signal[], fixed: boolean): { fn: Signal; code: string } {
    const refs: Ref[] = pool.map((f, i) => ({ code: `pool[${i}]`, kernel: nodeOf(f) !== undefined }));
    const code = signalCode(sig, refs, this.A.frame, fixed);
    const names = Object.keys(this.scope);
    const body = `${code.decls} return ${code.expr};`;
    const make = new Function(...names, 'pool', body) as (...args: unknown[]) => Signal;
    const fn = make(...names.map((n) => this.scope[n]), pool);
    this.borrowed.set(fn, new Set(pool));
    return { fn, code: body };
  }

  private register(sig: SignalSpec, retry: boolean): void {
    const A = this.A;
    const name = NAMES[sig.name % NAMES.length]!;
    const pool = this.directPool(sig, !retry);
    const { fn, code } = this.build(sig, pool, false);
    const options = registerOptions(sig);
    this.note(`A.register('${name}', (pool => { ${code} })(pool), ${JSON.stringify(options)})${pool.length > 0 ? ` with pool of ${pool.length} shared helpers` : ''}`);
    const records = new Set(A.debug().registry.records.keys());
    const faulted = new Set(this.model.faulted);
    let before = snapshot(A);
    const attempt = (): boolean => {
      try {
        A.register(name, fn, options);
        return true;
      } catch (error) {
        if (!exhausted(error)) violation(`A.register('${name}') threw ${describeError(error)}`);
        if (!(error instanceof PoolExhaustedError)) violation(`A.register('${name}') threw ${describeError(error)}, not a PoolExhaustedError`);
        this.note(`-> refused: ${error.message.split('. ')[0]}`);
        expectUnchanged(before, A, `A.register('${name}') refused for exhaustion`);
        return false;
      }
    };
    let ok = attempt();
    if (!ok && retry) {
      // Free memory (stop every other signal at once), then the very same call again.
      for (const n of [...A.debug().registry.records.keys()]) {
        if (isWitness(n)) continue;
        A.stop(n, 0);
        this.model.playing.delete(n);
      }
      this.note('; stopped the others with no fade; retried');
      before = snapshot(A);
      records.clear();
      for (const n of A.debug().registry.records.keys()) records.add(n);
      ok = attempt();
    }
    if (!ok) return;
    this.model.playing.add(name);
    this.expectCleanState(name, records, faulted);
    this.model.registered(name, sig);
  }

  private fix(name: string, direct: boolean): void {
    const last = this.model.last.get(name);
    if (!last || last.sig.nan === null || last.fixed) return this.note(`'${name}': nothing to fix`);
    const sig = last.sig;
    if (!direct) {
      const op: Extract<Op, { kind: 'session' }> = { kind: 'session', snippet: true, decls: [], items: [{ t: 'sig', sig }], witnessAt: 0, fail: null };
      return this.session(planSession(op, { ...this.context(), fixed: true }), true);
    }
    const A = this.A;
    const pool = this.directPool(sig, false);
    const { fn, code } = this.build(sig, pool, true);
    const options = registerOptions(sig);
    this.note(`A.register('${name}', (pool => { ${code} })(pool), ${JSON.stringify(options)})`);
    const records = new Set(A.debug().registry.records.keys());
    const faulted = new Set(this.model.faulted);
    const before = snapshot(A);
    try {
      A.register(name, fn, options);
    } catch (error) {
      if (!(error instanceof PoolExhaustedError)) violation(`A.register('${name}') threw ${describeError(error)}`);
      expectUnchanged(before, A, `A.register('${name}') refused for exhaustion`);
      return;
    }
    this.model.playing.add(name);
    this.expectCleanState(name, records, faulted);
    this.model.registered(name, sig, true);
  }

  /** A kernel bound in A, registered on another runtime: refused, and A unchanged. */
  private foreign(pick: number): void {
    const A = this.A;
    const bound: Signal[] = [];
    for (const r of A.debug().registry.records.values()) {
      if (isWitness(r.name)) continue;
      for (const h of this.reachA.of(r.fn)?.helpers ?? []) if (nodeOf(h)?.state && this.reachA.shareable(h) && !bound.includes(h)) bound.push(h);
    }
    if (bound.length === 0) return this.note('(no kernel bound in A)');
    const k = bound[pick % bound.length]!;
    const helper = nodeOf(k)!.helper;
    this.note(`C.register('f', kmul(<A's ${helper}>, 0.5)) on a new runtime C`);
    const C = createRuntime({ sampleRate: A.sampleRate, channels: A.channels, helperPoolSize: 1 << 12 });
    const before = snapshot(A);
    takePending(); // whatever host code built and left unbound is nobody's here
    let error: unknown;
    try {
      C.register('f', FACTORIES.kmul(k, 0.5));
    } catch (e) {
      error = e;
    }
    if (!(error instanceof Error) || !error.message.includes('another runtime')) {
      violation(
        `registering on runtime C a signal whose ${helper} is bound in A ${error === undefined ? 'succeeded' : `threw ${describeError(error)}`}; expected an Error saying 'another runtime'`,
      );
    }
    expectUnchanged(before, A, 'a register on another runtime');
  }

  /** Calls the `() => play(...)` a session left on globalThis: its own transaction, like a direct register. */
  private callLate(): void {
    const late = this.late;
    const fn = (globalThis as Record<string, unknown>)[LATE_KEY];
    if (!late || typeof fn !== 'function') return this.note('(no late function)');
    const A = this.A;
    this.note(`globalThis.${LATE_KEY}() registers '${late.name}'`);
    const records = new Set(A.debug().registry.records.keys());
    const faulted = new Set(this.model.faulted);
    const before = snapshot(A);
    try {
      (fn as () => void)();
    } catch (error) {
      violation(`a verb called after its evaluation returned threw into the caller: ${describeError(error)}`);
    }
    const rejected = this.faults.filter((f) => (f.kind as string) === 'rejected');
    this.faults.splice(0, this.faults.length, ...this.faults.filter((f) => (f.kind as string) !== 'rejected'));
    if (rejected.length > 0) {
      if (!rejected.some((f) => f.signal === late.name)) violation(`a rejected late play('${late.name}') was reported for '${rejected[0]!.signal}'`);
      this.note(`-> rejected: ${rejected[0]!.message}`);
      expectUnchanged(before, A, 'a rejected late play');
      return;
    }
    this.model.playing.add(late.name);
    this.expectCleanState(late.name, records, faulted);
    this.model.registered(late.name, late.sig);
  }

  /** The onError listener's callbacks into the runtime. */
  private react(fault: SignalFault): void {
    const A = this.A;
    if ((fault.kind as string) === 'rejected') return;
    switch (this.config.listener) {
      case 'none':
        return;
      case 'stats':
        A.stats();
        return;
      case 'list':
        A.list();
        return;
      case 'stopSelf':
        if (!isWitness(fault.signal) && A.stop(fault.signal, 0)) this.model.playing.delete(fault.signal);
        return;
      case 'stopOther': {
        const other = [...this.model.playing].filter((n) => !isWitness(n) && n !== fault.signal).sort()[0];
        if (other !== undefined && A.stop(other, 0)) this.model.playing.delete(other);
        return;
      }
    }
  }

  private processFaults(): void {
    for (const f of this.faults.splice(0)) {
      const kind = f.kind as string;
      if (kind === 'rejected') violation(`a fault of kind 'rejected' for '${f.signal}' outside a late verb: ${f.message}`);
      this.note(`[fault: ${f.message}]`);
      if (isWitness(f.signal)) violation(`witness '${f.signal}' faulted: ${f.message}`);
      // Off: poison that outlives a fix (spreading to whatever later binds the poisoned block) is tolerated.
      const tolerated = this.off.has('cleanRestart') && kind === 'non-finite' && this.everFaulted.size > 0;
      const shares = kind === 'non-finite' && this.sharesBlockWithTainted(f.signal);
      if (!tolerated && !shares && (kind !== 'non-finite' || !this.model.mayFault.has(f.signal))) violation(`'${f.signal}' faulted, and its code cannot: ${f.message}`);
      if (!this.off.has('evaluateAgain') && !f.message.includes('evaluate again')) violation(`a fault's message does not say 'evaluate again': ${f.message}`);
      this.model.faulted.add(f.signal);
      this.everFaulted.add(f.signal);
    }
    this.A.drainErrors();
    const b = this.B.drainErrors();
    if (b.length > 0) throw new Error(`fuzzer: the untouched copy faulted: ${b[0]!.message}`);
  }

  /**
   * A helper's key is its identity: a re-registered signal's helper takes over
   * the block of the instance it replaces, so a signal calling the old instance
   * (given it by the host) hears the new one, NaN included.
   */
  private sharesBlockWithTainted(name: string): boolean {
    const r = this.A.debug().registry.records.get(name);
    for (const h of (r && this.reachA.of(r.fn)?.handles) ?? []) for (const b of h.blocks) if (this.poisonKeys.has(b.key)) return true;
    return false;
  }

  /** Keys that a helper fed NaN has been bound under (noted after every operation). */
  private readonly poisonKeys = new Set<string>();
  private notePoisonKeys(): void {
    for (const h of this.reachA.taintedHandles) for (const b of h.blocks) this.poisonKeys.add(b.key);
  }

  private check(): void {
    const A = this.A;
    this.notePoisonKeys();
    if (!this.off.has('statsRuns')) checkStatsKeepsRuns(A);
    const list = new Set(A.list());
    const expected = this.model.playing;
    if (list.size !== expected.size || [...list].some((n) => !expected.has(n))) {
      violation(`list() is [${[...list].sort().join(', ')}], expected [${[...expected].sort().join(', ')}]`);
    }
    this.witnesses.check();
    checkLayout(A);
    checkReach(A, this.reachA);
  }
}
