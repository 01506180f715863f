import { HelperState } from './binding.js';
import { nodeOf, type KernelPrepare, type KernelStep, type NodeInfo } from './kernel.js';
import type { Signal, SignalContext } from './types.js';

/** Computes a plan's value this frame, `o` its state's offset (see {@link planValue}). */
type Evaluate = (p: PlanNode, s: SignalContext, o: number) => number;

/**
 * One node of a signal's graph as data: a kernel (its state, its step's
 * evaluator, and the plans of its inputs), a constant input, or a signal that
 * is not a kernel (a user's function), called as it is. Every field is
 * written once, in the constructor, always with the same kinds of value (the
 * sentinels below rather than null, −0 rather than 0): code V8 optimised for
 * these objects stays valid for every plan a later session builds.
 */
export class PlanNode {
  constructor(
    /** Its step's evaluator; for a constant, {@link constant}; for a leaf, {@link callLeaf}. */
    readonly run: Evaluate,
    /** Whether it is a stateful kernel: computed once a frame and channel, then recalled. */
    readonly memo: boolean,
    /** A stateful kernel's memory (a sentinel otherwise). */
    readonly state: HelperState,
    /** The signal a leaf calls ({@link NO_SIGNAL} otherwise). */
    readonly fn: Signal,
    /** A constant's value (−0 otherwise). */
    readonly value: number,
    /** Its inputs' plans, first to last ({@link NO_INPUT} past the last). */
    readonly k0: PlanNode,
    readonly k1: PlanNode,
    readonly k2: PlanNode,
    readonly k3: PlanNode,
    readonly k4: PlanNode,
    readonly k5: PlanNode,
  ) {}
}

/**
 * This frame's value of `p` on channel `s.ch`: what calling its signal
 * computes, in the same order (inputs first to last, then prepare, then
 * step), with the same once-per-frame memory of a stateful kernel: the same
 * samples and state to the bit.
 *
 * V8 gives each new closure feedback of its own, so a new signal's closures
 * start in its interpreter, as a new loop does, and are optimised one by one
 * (the 32-signal piece's first blocks took 3 to 10 times their steady cost).
 * An evaluator is one function per step, shared by every instance of that
 * helper in every session: it runs warm from a new signal's first frame,
 * with its step written in by V8 as a closure's is. Every input, a constant
 * too, is reached through this one function, and the evaluators hold no
 * branch of their own: a path or an input an evaluator has not met yet
 * (a kernel recalled, a modulated parameter) is nothing V8 guessed wrong and
 * must undo.
 */
export function planValue(p: PlanNode, s: SignalContext): number {
  if (p.memo) {
    const h = p.state;
    const o = h.begin(s);
    if (o < 0) return h.last(o);
    return p.run(p, s, o);
  }
  return p.run(p, s, 0);
}

/**
 * The plan of `fn`: each node reached once, however many of its consumers
 * reach it (as each closure calls the same closure of its input). Built at
 * evaluation, never in the audio loop.
 */
export function planOf(fn: Signal, seen = new Map<Signal, PlanNode>()): PlanNode {
  const known = seen.get(fn);
  if (known) return known;
  const info = nodeOf(fn);
  const { NO_STATE, NO_INPUT } = made();
  let plan: PlanNode;
  if (!info) plan = new PlanNode(callLeaf, false, NO_STATE, fn, -0, NO_INPUT, NO_INPUT, NO_INPUT, NO_INPUT, NO_INPUT, NO_INPUT);
  else {
    const k = [0, 1, 2, 3, 4, 5].map((i) => {
      const input = info.inputs[i];
      if (input === undefined) return NO_INPUT;
      return typeof input === 'number' ? constantPlan(input) : planOf(input, seen);
    });
    const state = info.state;
    plan = new PlanNode(evaluatorOf(info), state !== null, state ?? NO_STATE, NO_SIGNAL, -0, k[0]!, k[1]!, k[2]!, k[3]!, k[4]!, k[5]!);
  }
  seen.set(fn, plan);
  return plan;
}

const callLeaf: Evaluate = (p, s) => p.fn(s);
const constant: Evaluate = (p) => p.value;
const NO_SIGNAL: Signal = () => 0;

/** The sentinels, made at the first plan (not at import: this module may be evaluated before the one defining HelperState). */
let sentinels: { readonly NO_STATE: HelperState; readonly NO_INPUT: PlanNode } | undefined;
function made() {
  if (!sentinels) {
    const NO_STATE = new HelperState('(none)', 0);
    const nothing = undefined as unknown as PlanNode;
    /** Past a kernel's last input: never read. */
    const NO_INPUT = new PlanNode(constant, false, NO_STATE, NO_SIGNAL, -0, nothing, nothing, nothing, nothing, nothing, nothing);
    sentinels = { NO_STATE, NO_INPUT };
  }
  return sentinels;
}

function constantPlan(value: number): PlanNode {
  const { NO_STATE, NO_INPUT } = made();
  return new PlanNode(constant, false, NO_STATE, NO_SIGNAL, value, NO_INPUT, NO_INPUT, NO_INPUT, NO_INPUT, NO_INPUT, NO_INPUT);
}

const EMPTY = new Float64Array(0);

/** Evaluators by step: one per prepare, stateful or not, and arity (in practice, one). */
const evaluators = new WeakMap<KernelStep, Array<{ readonly prepare: KernelPrepare | undefined; readonly shape: string; readonly run: Evaluate }>>();

/** The evaluator of a kernel's step: the body of its closure (see `closureFactory` in kernel.ts) after its memory's check, reading a plan. */
function evaluatorOf(info: NodeInfo): Evaluate {
  const { step, prepare } = info;
  const stateful = info.state !== null;
  const arity = info.inputs.length;
  const shape = `${stateful}/${arity}`;
  const known = evaluators.get(step) ?? [];
  evaluators.set(step, known);
  const found = known.find((e) => e.prepare === prepare && e.shape === shape);
  if (found) return found.run;
  const k = Array.from({ length: arity }, (_, i) => i);
  const reads = k.map((i) => `const v${i} = planValue(p.k${i}, s);`).join('\n  ');
  const args = k.map((i) => `, v${i}`).join('');
  const body = stateful
    ? `${reads}
  const h = p.state;
  ${prepare ? `prepare(h.memory, o, s${args});` : ''}
  return h.end(o, step(h.memory, o, s${args}));`
    : `${reads}
  return step(EMPTY, 0, s${args});`;
  const name = info.helper.replace(/[^A-Za-z0-9_$]/g, '_');
  const run = new Function('step', 'prepare', 'EMPTY', 'planValue', `return function plan_${name}(p, s, o) {\n  ${body}\n};`)(step, prepare, EMPTY, planValue) as Evaluate;
  known.push({ prepare, shape, run });
  return run;
}
