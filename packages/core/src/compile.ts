import { HEADER, RING, type HelperState } from './binding.js';
import { nodeOf, type KernelStep } from './kernel.js';
import type { Signal, SignalContext } from './types.js';

/**
 * Renders `frames` (<= RING) frames of one signal, from frame `frame0`, and
 * adds them, times the record's gain (ramped per frame toward its target),
 * into the stage's `acc` from index `at` (interleaved, the runtime's channel
 * count). With `out`, the signal is the chunk's last: it writes the clipped
 * sum to `out` from `outAt` instead. Returns 0 when every frame was done;
 * f + 1 when frame f was not finite (its value left in `bad[0]`; frames before
 * f were done); −(f + 1) when a stopping signal's fade ended at frame f (it
 * sets `rec.finished`). Throws what the signal throws (then `s.frame` is the
 * frame that failed).
 */
export type Runner = (at: number, frames: number, frame0: number, rec: GainState, out: Float32Array | null, outAt: number) => number;

/** What compiled code is specialised to: one runtime's helper memory, context and mix buffer. */
export interface Stage {
  readonly memory: Float64Array;
  readonly context: SignalContext;
  /** The mix of the current chunk: RING frames × outputs, interleaved. */
  readonly acc: Float64Array;
  readonly outputs: number;
}

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

/** A stateful kernel's computation for one channel, emitted once the bookkeeping it needs is known. */
interface StatefulLine {
  readonly v: string;
  readonly base: number;
  readonly call: string;
  readonly state: HelperState;
}

/** The kernels reached from a signal (through inlinable kernels only), and whether it calls anything else. */
export function graphOf(root: Signal, memory: Float64Array): { states: Set<HelperState>; opaque: boolean } {
  const states = new Set<HelperState>();
  const seen = new Set<unknown>();
  let opaque = false;
  const visit = (x: unknown): void => {
    if (typeof x === 'number' || seen.has(x)) return;
    seen.add(x);
    const info = nodeOf(x);
    if (!info || (info.state !== null && info.state.memory !== memory)) {
      opaque = true;
      return;
    }
    info.inputs.forEach(visit);
    if (info.state) states.add(info.state);
  };
  visit(root);
  return { states, opaque };
}

/** A signal compiled for one runtime, and what its code took as constant. */
export interface Compiled {
  readonly run: Runner;
  /** True when the loop calls functions the compiler cannot see into (the user's own, or helpers bound elsewhere). */
  readonly opaque: boolean;
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
 * Each stateful kernel stamps the frame and writes its output ring, so a
 * helper shared with another signal, or called from a user's function, is
 * computed once per frame whoever asks first; it checks the stamp before
 * computing unless nothing can have asked before (see `emit`). `shared` are
 * the kernels that other fully compiled signals reach too; `readers` is false
 * when no signal of the runtime calls functions (nobody reads stamps or rings).
 */
export function compileSignal(
  root: Signal,
  channels: number,
  stage: Stage,
  bad: Float64Array,
  shared: ReadonlySet<HelperState> = new Set(),
  readers = true,
): Compiled {
  const { memory, outputs } = stage;
  const steps: KernelStep[] = [];
  const calls: Signal[] = [];
  /** Per channel: the code computing each value, in dependency order. */
  const lines: Array<Array<string | StatefulLine>> = Array.from({ length: channels }, () => []);
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
        lines[c]!.push({ v: `${name}_${c}`, base, call: `${k}(m, ${base + HEADER}, s${tail})`, state: h });
      }
    }
    const expr: Expr = (c) => `${name}_${c}`;
    names.set(x, expr);
    return expr;
  };

  const out = value(root);
  const opaque = calls.length > 0;
  // Bookkeeping per stateful kernel: a signal that calls functions checks every
  // stamp (they may compute a kernel through its closure at any moment), as does
  // a kernel other compiled signals reach too. Otherwise nothing can have asked
  // for this frame yet (fully compiled signals render first): skip the check,
  // and skip stamping and the ring as well while no signal in the runtime calls
  // functions at all, since then nobody can ever read them.
  const emitted = new Map<number, string>();
  const emit = (line: string | StatefulLine): string => {
    if (typeof line === 'string') return line;
    const { v, base, call, state } = line;
    // A block narrower than the signal serves several channels: computed once, by the first.
    const first = emitted.get(base);
    if (first) return `const ${v} = ${first};`;
    emitted.set(base, v);
    const compute = `m[${base}] = fr; ${v} = ${call}; m[${base + 1} + r] = ${v};`;
    if (opaque || shared.has(state)) return `let ${v}; if (m[${base}] >= fr) ${v} = m[${base + 1} + r]; else { ${compute} }`;
    return readers ? `let ${v}; ${compute}` : `const ${v} = ${call};`;
  };
  const body: string[] = [];
  for (let c = 0; c < channels; c++) {
    const v = out(c);
    // A mono signal's channel is set once, before the loop.
    if (channels > 1) body.push(`s.ch = ${c};`);
    body.push(...lines[c]!.map(emit), `if (${v} - ${v} !== 0) { rec.gain = g; bad[0] = ${v}; return f + 1; }`);
  }
  /**
   * The mix: a mono signal is heard in every output; a wider one fills as many
   * as both have. `direct`: this signal renders last in the chunk, so it also
   * clips the sum and writes the host's buffer (saving the mixer a pass).
   */
  const mix = (direct: boolean): string => {
    const code: string[] = channels === 1 ? [`const y = ${out(0)} * g;`] : [];
    for (let c = 0; c < outputs; c++) {
      const term = channels === 1 ? 'y' : c < channels ? `${out(c)} * g` : '';
      if (!direct) {
        if (term) code.push(`acc[a + ${c}] += ${term};`);
      } else {
        code.push(`{ const v = acc[a + ${c}]${term ? ` + ${term}` : ''}; out[o + ${c}] = v > 1 ? 1 : v < -1 ? -1 : v; }`);
      }
    }
    return code.join('\n      ');
  };
  const prelude = [
    ...steps.map((_, i) => `const k${i} = K[${i}];`),
    ...calls.map((_, i) => `const u${i} = U[${i}];`),
  ].join('\n');
  const frame = `const fr = frame0 + f;
      const r = fr & ${RING - 1};
      const a = at + f * ${outputs};
      s.frame = fr;`;
  const compute = body.join('\n      ');
  // Loops: at a steady gain (nearly always) with no per-frame fade step, into
  // the mix or straight out; and a fading one. (The repeated code also keeps V8
  // from inlining the whole loop into the mixer, where it would spend the
  // inlining budget the kernels need.)
  const source = `${prelude}
return function run(at, frames, frame0, rec, out, outAt) {
  const target = rec.target, ramp = rec.ramp;
  let g = rec.gain;
  ${channels === 1 ? 's.ch = 0;' : ''}
  if (g === target) {
    if (out === null) {
      for (let f = 0; f < frames; f++) {
        ${frame}
        ${compute}
        ${mix(false)}
      }
    } else {
      for (let f = 0; f < frames; f++) {
        ${frame}
        const o = outAt + a;
        ${compute}
        ${mix(true)}
      }
    }
    return 0;
  }
  for (let f = 0; f < frames; f++) {
    ${frame}
    g = g < target ? Math.min(target, g + ramp) : Math.max(target, g - ramp);
    if (g === 0 && rec.stopping) {
      rec.finished = true;
      rec.gain = g;
      return -f - 1;
    }
    ${compute}
    if (out === null) {
      ${mix(false)}
    } else {
      const o = outAt + a;
      ${mix(true)}
    }
  }
  rec.gain = g;
  return 0;
};`;
  // A fresh function per compile, never a cached one reused: V8 then treats m,
  // the steps, the callees, the context and the mix buffer as constants of this
  // one closure: it inlines the calls and addresses the arrays directly.
  const run = new Function('m', 'bad', 'K', 'U', 's', 'acc', source)(memory, bad, steps, calls, stage.context, stage.acc) as Runner;
  return {
    run,
    opaque,
  };
}
