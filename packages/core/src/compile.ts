import { HEADER, RING, type HelperState } from './binding.js';
import { nodeOf, type KernelStep, type NodeInfo } from './kernel.js';
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

/** A stateful kernel's computation, emitted once the bookkeeping it needs is known. */
interface StatefulLine {
  readonly v: string;
  /** Its channel's first slot (the stamp): a literal, or a variable of the channel loop. */
  readonly base: string | number;
  readonly call: string;
  readonly state: HelperState;
  /** The block has fewer channels than the signal: several channels share it. */
  readonly narrow: boolean;
}

/** A kernel the compiler can inline here: stateless, or with its block in this runtime's memory (not retired). */
function inlinable(x: unknown, memory: Float64Array): NodeInfo | undefined {
  const info = nodeOf(x);
  return info && (info.state === null || info.state.memory === memory) ? info : undefined;
}

/** The kernels reached from a signal (through inlinable kernels only), and whether it calls anything else. */
export function graphOf(root: Signal, memory: Float64Array): { states: Set<HelperState>; opaque: boolean } {
  const states = new Set<HelperState>();
  const seen = new Set<unknown>();
  let opaque = false;
  const visit = (x: unknown): void => {
    if (typeof x === 'number' || seen.has(x)) return;
    seen.add(x);
    const info = inlinable(x, memory);
    if (!info) {
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
  /** What the loop was generated from: a recompile that would give the same keeps this one. */
  readonly source: string;
  readonly steps: readonly KernelStep[];
  readonly calls: readonly Signal[];
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
  previous?: Compiled,
): Compiled {
  const { memory, outputs } = stage;
  const steps: KernelStep[] = [];
  const calls: Signal[] = [];
  // A mono signal is written out with literal offsets. A wider one computes its
  // channels in a loop over `c`, so each kernel is inlined once whatever the
  // channel count (unrolled channels would double what V8 must inline, and a
  // step it does not inline returns its sample boxed).
  const wide = channels > 1;
  const ch = wide ? 'c' : '0';
  /** The code computing each value for channel `ch`, in dependency order. */
  const lines: Array<string | StatefulLine> = [];
  const names = new Map<unknown, string>();

  /** The expression for a value, queuing the code that computes it first. */
  const value = (x: unknown): string => {
    if (typeof x === 'number') return Object.is(x, -0) ? '-0' : String(x);
    const known = names.get(x);
    if (known) return known;
    const info = inlinable(x, memory);
    let name: string;
    if (!info) {
      name = `u${calls.length}_${ch}`;
      lines.push(`const ${name} = u${calls.length}(s);`);
      calls.push(x as Signal);
    } else {
      const args = info.inputs.map((p) => value(p));
      const k = `k${steps.length}`;
      steps.push(info.step);
      name = `n${steps.length - 1}_${ch}`;
      const tail = args.length > 0 ? `, ${args.join(', ')}` : '';
      const h = info.state;
      if (!h) {
        lines.push(`const ${name} = ${k}(m, 0, s${tail});`);
      } else if (!wide) {
        lines.push({ v: name, base: h.at, call: `${k}(m, ${h.at + HEADER}, s${tail})`, state: h, narrow: false });
      } else {
        const b = `b${steps.length - 1}`;
        lines.push(`const ${b} = ${h.at} + (c & ${h.mask}) * ${h.stride};`);
        lines.push({ v: name, base: b, call: `${k}(m, ${b} + ${HEADER}, s${tail})`, state: h, narrow: h.channels < channels });
      }
    }
    names.set(x, name);
    return name;
  };

  const out = value(root);
  const opaque = calls.length > 0;
  // Bookkeeping per stateful kernel: a signal that calls functions checks every
  // stamp (they may compute a kernel through its closure at any moment), as does
  // a kernel other compiled signals reach too, and one whose block is narrower
  // than the signal (channel 1 reads what channel 0 computed). Otherwise nothing
  // can have asked for this frame yet (fully compiled signals render first):
  // skip the check, and skip stamping and the ring as well while no signal in
  // the runtime calls functions at all, since then nobody can ever read them.
  const emit = (line: string | StatefulLine): string => {
    if (typeof line === 'string') return line;
    const { v, base, call, state, narrow } = line;
    const compute = `m[${base}] = fr; ${v} = ${call}; m[${base} + 1 + r] = ${v};`;
    if (opaque || narrow || shared.has(state)) return `let ${v}; if (m[${base}] >= fr) ${v} = m[${base} + 1 + r]; else { ${compute} }`;
    return readers ? `let ${v}; ${compute}` : `const ${v} = ${call};`;
  };
  const nan = `if (${out} - ${out} !== 0) { rec.gain = g; bad[0] = ${out}; return f + 1; }`;
  const compute = wide
    ? `for (let c = 0; c < ${channels}; c++) {
        s.ch = c;
        ${lines.map(emit).join('\n        ')}
        ${nan}
        vals[c] = ${out};
      }`
    : [...lines.map(emit), nan].join('\n      ');
  /**
   * The mix: a mono signal is heard in every output; a wider one fills as many
   * as both have. `direct`: this signal renders last in the chunk, so it also
   * clips the sum and writes the host's buffer (saving the mixer a pass).
   */
  const mix = (direct: boolean): string => {
    const code: string[] = wide ? [] : [`const y = ${out} * g;`];
    for (let c = 0; c < outputs; c++) {
      const term = !wide ? 'y' : c < channels ? `vals[${c}] * g` : '';
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
  // Loops: at a steady gain (nearly always) with no per-frame fade step, into
  // the mix or straight out; and a fading one. (The repeated code also keeps V8
  // from inlining the whole loop into the mixer, where it would spend the
  // inlining budget the kernels need.)
  const source = `${prelude}
return function run(at, frames, frame0, rec, out, outAt) {
  const target = rec.target, ramp = rec.ramp;
  let g = rec.gain;
  ${wide ? '' : 's.ch = 0;'}
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
  // Unchanged code (same source, the very same step and call functions) keeps
  // its loop: V8 has optimised it already, and a new one would start cold —
  // a reload of a big session would then overrun a few audio blocks.
  if (previous && previous.source === source && same(previous.steps, steps) && same(previous.calls, calls)) return previous;
  const run = new Function('m', 'bad', 'K', 'U', 's', 'acc', 'vals', source)(memory, bad, steps, calls, stage.context, stage.acc, new Float64Array(channels)) as Runner;
  return { run, opaque, source, steps, calls };
}

function same<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
