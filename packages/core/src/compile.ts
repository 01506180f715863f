import { HEADER, RING, type HelperState } from './binding.js';
import { nodeOf, type KernelStep } from './kernel.js';
import type { Signal, SignalContext } from './types.js';

/**
 * Renders `frames` (<= RING) frames of one signal, from frame `frame0`, and
 * adds them, times the record's gain (ramped per frame toward its target),
 * into `acc` from index `at` (interleaved, the runtime's channel count). Returns 0, or f + 1
 * when frame f was not finite (the value is left in `bad[0]`; frames before f
 * were added); throws what the signal throws (then `s.frame` is the frame
 * that failed). Sets `rec.finished` when a stopping signal's fade reaches 0.
 */
export type Runner = (s: SignalContext, acc: Float64Array, at: number, frames: number, frame0: number, rec: GainState) => number;

/** The part of a signal record the compiled loop reads and updates. */
export interface GainState {
  gain: number;
  readonly target: number;
  readonly ramp: number;
  readonly stopping: boolean;
  finished: boolean;
}

/** A value's expression in a given channel. */
type Expr = (channel: number) => string;

/** A signal compiled for one runtime, and what its code took as constant. */
export interface Compiled {
  readonly run: Runner;
  /** True when the loop calls functions the compiler cannot see into (the user's own, or helpers bound elsewhere). */
  readonly opaque: boolean;
  /** True when a block the code addresses has since moved or been retired: compile again. */
  stale(): boolean;
}

/**
 * Compiles a signal into one loop over a block of frames.
 *
 * Why: a chain of closures costs a call per helper per sample, and past V8's
 * inlining budget each call returns its double boxed (an allocation). Here
 * the chain's kernels are laid out in dependency order, each called with plain
 * numbers and its block's offset as a literal, so V8 inlines them into one
 * loop: what a hand-fused loop would be. Anything that is not a kernel (a
 * user's own `s => ...`, a helper bound elsewhere) is called as a function.
 *
 * Each stateful kernel still checks its stamp and writes its output ring, so a
 * helper shared with another signal, or called from a user's function in this
 * one, is computed once per frame whoever asks first. (The compiler cannot see
 * which closures a user's function calls, so this bookkeeping stays.)
 */
export function compileSignal(root: Signal, channels: number, outputs: number, memory: Float64Array, bad: Float64Array): Compiled {
  const steps: KernelStep[] = [];
  const calls: Signal[] = [];
  const states: HelperState[] = [];
  const ats: number[] = [];
  /** Per channel: the code computing each value, in dependency order. */
  const lines: string[][] = Array.from({ length: channels }, () => []);
  const names = new Map<unknown, Expr>();

  /** The expression for a value in channel c, emitting the code that computes it first. */
  const value = (x: unknown): Expr => {
    if (typeof x === 'number') {
      const literal = Object.is(x, -0) ? '-0' : String(x);
      return () => literal;
    }
    const known = names.get(x);
    if (known) return known;
    const info = nodeOf(x);
    const usable = info && (info.state === null || info.state.memory === memory);
    let name: string;
    if (!info || !usable) {
      name = `u${calls.length}`;
      calls.push(x as Signal);
      for (let c = 0; c < channels; c++) lines[c]!.push(`const ${name}_${c} = ${name}(s);`);
    } else {
      const args = info.inputs.map((p) => value(p));
      const k = `k${steps.length}`;
      steps.push(info.step);
      name = `n${steps.length - 1}`;
      const h = info.state;
      for (let c = 0; c < channels; c++) {
        const argList = args.map((a) => a(c)).join(', ');
        const tail = argList ? `, ${argList}` : '';
        if (!h) {
          lines[c]!.push(`const ${name}_${c} = ${k}(m, 0, s${tail});`);
          continue;
        }
        const base = h.at + (c & h.mask) * h.stride;
        lines[c]!.push(
          `let ${name}_${c};`,
          `if (m[${base}] >= fr) ${name}_${c} = m[${base + 1} + r];`,
          `else { m[${base}] = fr; ${name}_${c} = ${k}(m, ${base + HEADER}, s${tail}); m[${base + 1} + r] = ${name}_${c}; }`,
        );
      }
      if (h) {
        states.push(h);
        ats.push(h.at);
      }
    }
    const expr: Expr = (c) => `${name}_${c}`;
    names.set(x, expr);
    return expr;
  };

  const out = value(root);
  const body: string[] = [];
  for (let c = 0; c < channels; c++) {
    const v = out(c);
    body.push(`s.ch = ${c};`, ...lines[c]!, `if (${v} - ${v} !== 0) { rec.gain = g; bad[0] = ${v}; return f + 1; }`);
  }
  // Mix: a mono signal is heard in every output; a wider one fills as many as both have.
  if (channels === 1) {
    body.push(`const y = ${out(0)} * g;`);
    for (let c = 0; c < outputs; c++) body.push(`acc[a + ${c}] += y;`);
  } else {
    for (let c = 0; c < Math.min(channels, outputs); c++) body.push(`acc[a + ${c}] += ${out(c)} * g;`);
  }
  const prelude = [
    ...steps.map((_, i) => `const k${i} = K[${i}];`),
    ...calls.map((_, i) => `const u${i} = U[${i}];`),
  ].join('\n');
  const source = `${prelude}
return function run(s, acc, at, frames, frame0, rec) {
  const target = rec.target, ramp = rec.ramp;
  let g = rec.gain;
  for (let f = 0; f < frames; f++) {
    const fr = frame0 + f;
    const r = fr & ${RING - 1};
    const a = at + f * ${outputs};
    s.frame = fr;
    if (g !== target) {
      g = g < target ? Math.min(target, g + ramp) : Math.max(target, g - ramp);
      if (g === 0 && rec.stopping) {
        rec.finished = true;
        break;
      }
    }
    ${body.join('\n    ')}
  }
  rec.gain = g;
  return 0;
};`;
  const run = factory(source)(memory, bad, steps, calls);
  return {
    run,
    opaque: calls.length > 0,
    stale: () => states.some((h, i) => h.memory !== memory || h.at !== ats[i]),
  };
}

type Factory = (m: Float64Array, bad: Float64Array, K: KernelStep[], U: Signal[]) => Runner;

/**
 * Generated sources seen recently, by text. Re-evaluating the same session
 * yields the same source; reusing its factory keeps V8's type feedback and
 * optimised code for the new closures, so a reload does not send every
 * signal back to the interpreter for its next blocks.
 */
const factories = new Map<string, Factory>();
const FACTORY_CACHE = 512;

function factory(source: string): Factory {
  let make = factories.get(source);
  if (make) {
    factories.delete(source); // re-inserted below: the most recent last
  } else {
    make = new Function('m', 'bad', 'K', 'U', source) as Factory;
    if (factories.size >= FACTORY_CACHE) factories.delete(factories.keys().next().value!);
  }
  factories.set(source, make);
  return make;
}
