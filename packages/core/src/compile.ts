import { HEADER, RING, type HelperState } from './binding.js';
import { offset, parseKernelFunction, slotLocal, write, type Parsed } from './inline.js';
import { nodeOf, type KernelPrepare, type KernelStep, type NodeInfo } from './kernel.js';
import { walkGraph } from './reach.js';
import type { Signal, SignalContext } from './types.js';

/**
 * Renders `frames` (<= RING) frames of one signal, from frame `frame0`, and
 * adds them, times the record's gain (ramped per frame toward its target),
 * into the stage's `acc` from index `at` (interleaved, the runtime's channel
 * count). With `direct`, the signal is the chunk's last: it writes the clipped
 * sum to the stage's `out` instead. Returns 0 when every frame was done;
 * f + 1 when frame f was not finite (its value left in `bad[0]`; frames before
 * f were done); −(f + 1) when a stopping signal's fade ended at frame f (it
 * sets `rec.finished`). Throws what the signal throws (then `s.frame` is the
 * frame that failed).
 */
export type Runner = (at: number, frames: number, frame0: number, rec: GainState, direct: boolean) => number;

/** What compiled code is specialised to: one runtime's helper memory, context and mix buffer. */
export interface Stage {
  readonly memory: Float64Array;
  readonly context: SignalContext;
  /** The mix of the current chunk: RING frames × outputs, interleaved. */
  readonly acc: Float64Array;
  /** The chunk's clipped output (RING frames × outputs), which the last compiled signal writes. */
  readonly out: Float32Array;
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

/** A kernel as it appears in one loop. */
interface Use {
  readonly uid: number;
  readonly info: NodeInfo;
  /** The variable holding its value this frame (and channel). */
  readonly v: string;
  /** The code of each input. */
  readonly args: readonly string[];
  /** The code for its `o`: the channel's first state slot. */
  readonly base: string;
  /** Its channel's stamp slot; null when stateless. */
  readonly stamp: string | null;
  /** The signal's channel it is computed for (`s.ch` in its code). */
  readonly channel: number;
  /** The step as source to write in, or null when it is called. */
  readonly step: Parsed | null;
  /** The prepare as source, null when it is called, undefined when there is none. */
  readonly prepare: Parsed | null | undefined;
  /** The prepare reads only constant inputs: it runs once per block, before the loop. */
  readonly hoisted: boolean;
}

/** A kernel the compiler can inline here: stateless, or with its block in this runtime's memory (not retired). */
function inlinable(x: unknown, memory: Float64Array): NodeInfo | undefined {
  const info = nodeOf(x);
  return info && (info.state === null || info.state.memory === memory) ? info : undefined;
}

/** The kernels reached from a signal (through inlinable kernels only), and whether it calls anything else. */
export function graphOf(root: Signal, memory: Float64Array): { states: Set<HelperState>; opaque: boolean } {
  return walkGraph(root, (x) => inlinable(x, memory));
}

/** A signal compiled for one runtime, and what its code took as constant. */
export interface Compiled {
  readonly run: Runner;
  /** What the loop was generated from: a recompile that would give the same keeps this one. */
  readonly source: string;
  /** The functions and objects the loop holds as constants (steps it calls, names kernels use). */
  readonly consts: readonly unknown[];
  readonly calls: readonly Signal[];
  /** True when the loop calls functions the compiler cannot see into (the user's own, or helpers bound elsewhere). */
  readonly opaque: boolean;
}

/**
 * Compiles a signal into one loop over a block of frames.
 *
 * Why: a chain of closures costs a call per helper per sample, and past V8's
 * inlining budget each call returns its double boxed (an allocation). Here
 * the chain's kernels are laid out in dependency order and each step's source
 * is written into the loop (inline.ts) with its block's offset and its inputs
 * as literals, channel after channel, and so are the module functions a
 * step calls as a whole statement. A kernel this loop alone touches (not
 * shared, not read by user code) holds its literal slots in locals for the
 * block: a filter's recursion then stays in registers, as in a hand-fused
 * loop. A prepare whose inputs are constants runs once per block, before the
 * loop. A step that cannot be written in is called. Anything that is
 * not a kernel (a user's own `s => ...`, a helper bound elsewhere) is called
 * as a function.
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
  const sampleRate = stage.context.sr;
  const calls: Signal[] = [];
  /** Functions and objects the loop refers to: closure constants c0, c1, ... */
  const consts: unknown[] = [];
  const constant = (x: unknown): string => {
    let i = consts.indexOf(x);
    if (i < 0) i = consts.push(x) - 1;
    return `c${i}`;
  };
  // Channels are written out one after the other in the frame loop, each with
  // literal offsets, so every kernel's state can be held in locals. A helper
  // whose block has fewer channels than the signal (a mono LFO in a stereo
  // chain) is computed for the first channel that reaches its block channel
  // and read by the others: once per frame, as its closure would.
  /** The code computing each value, in dependency order, channel after channel. */
  const lines: Array<string | Use> = [];
  const uses: Use[] = [];
  /** Values computed this frame, by signal and channel (by block channel for stateful kernels). */
  const names = new Map<unknown, Map<number, string>>();
  /** Whether code that reads `s.ch` runs in channel `c` (a call: then `s.ch` is set first). */
  const callsIn = new Set<number>();

  /** The expression for a value in channel `c`, queuing the code that computes it first. */
  const value = (x: unknown, c: number): string => {
    if (typeof x === 'number') return literal(x);
    const info = inlinable(x, memory);
    const key = info?.state ? c & info.state.mask : c;
    const known = names.get(x)?.get(key);
    if (known) return known;
    let name: string;
    if (!info) {
      name = `u${calls.length}_${c}`;
      callsIn.add(c);
      lines.push(`const ${name} = u${calls.length}(s);`);
      calls.push(x as Signal);
    } else {
      const args = info.inputs.map((p) => value(p, c));
      const uid = uses.length;
      name = `n${uid}`;
      const h = info.state;
      const at = h ? h.at + (c & h.mask) * h.stride : 0;
      const step = writable(info.step, info);
      const prepare = info.prepare && writable(info.prepare, info);
      if (!step || prepare === null) callsIn.add(c);
      const reads = prepare ? [...prepare.reads].map((k) => info.inputs[k - 3]) : info.inputs;
      const hoisted = info.prepare !== undefined && reads.every((p) => typeof p === 'number');
      const use: Use = { uid, info, v: name, args, base: String(at + HEADER), stamp: h ? String(at) : null, channel: c, step, prepare, hoisted };
      uses.push(use);
      lines.push(use);
    }
    if (!names.has(x)) names.set(x, new Map());
    names.get(x)!.set(key, name);
    return name;
  };

  /** A kernel function as source when every name it uses is given, else null (it is called). */
  function writable(fn: KernelStep | KernelPrepare, info: NodeInfo): Parsed | null {
    const p = parseKernelFunction(fn);
    return typeof p !== 'string' && (p.valued || fn !== info.step) && [...p.free].every((n) => given(n, info.uses) !== undefined) ? p : null;
  }
  /** The code for a free name: a number as a literal, anything else as a constant of the loop. */
  const freeOf =
    (info: NodeInfo) =>
    (n: string): string => {
      const found = given(n, info.uses);
      const v = found?.value;
      const code = typeof v === 'number' ? literal(v) : constant(v);
      return found?.member ? `${code}.${found.member}` : code;
    };
  /** The function a free name stands for, when it is one to write in (not a member of a given object). */
  const calleeOf =
    (info: NodeInfo) =>
    (n: string): unknown => {
      const found = given(n, info.uses);
      return found && !found.member ? found.value : undefined;
    };

  /** Each channel's value, its code queued in `lines` after a marker where `s.ch` may need setting. */
  const outs: string[] = [];
  const starts: number[] = [];
  for (let c = 0; c < channels; c++) {
    starts.push(lines.length);
    outs.push(value(root, c));
  }
  const opaque = calls.length > 0;
  // Bookkeeping per stateful kernel: a signal that calls functions checks every
  // stamp (they may compute a kernel through its closure at any moment), as does
  // a kernel other compiled signals reach too. Otherwise nothing
  // can have asked for this frame yet (fully compiled signals render first):
  // skip the check, and skip stamping and the ring as well while no signal in
  // the runtime calls functions at all, since then nobody can ever read them.
  const checked = (u: Use): boolean => opaque || shared.has(u.info.state!);
  /** Slots of each kernel held in locals during a block: only where this loop alone touches them. */
  const promoted = new Map<Use, ReadonlySet<number>>();
  for (const u of uses) {
    if (!u.info.state || checked(u) || !u.step || u.prepare === null) continue;
    // A step that hands its memory to a function every frame would write its locals back every frame: no gain.
    if (u.step.syncs && u.info.registers === 0) continue;
    const perFrame = u.prepare && !u.hoisted ? [u.prepare] : [];
    const all = [u.step, ...perFrame];
    let slots = new Set(all.flatMap((p) => [...p.slots]));
    if (all.some((p) => p.dynamic)) slots = new Set([...slots].filter((k) => k < u.info.registers));
    if (slots.size > 0) promoted.set(u, slots);
  }
  const NONE = new Set<number>();
  /** The code computing a kernel's value into its variable (declared before). */
  const computation = (u: Use, keep: ReadonlySet<number>): string => {
    const { uid, info, v, args, base } = u;
    const tail = args.length > 0 ? `, ${args.join(', ')}` : '';
    const writing = { uid, base, inputs: args, promoted: keep, sync: info.registers === 0, free: freeOf(info), callee: calleeOf(info), sampleRate, channel: u.channel };
    let code = '';
    if (info.prepare && !u.hoisted) code += u.prepare ? write(u.prepare, { ...writing, out: null }) : `${constant(info.prepare)}(m, ${base}, s${tail});`;
    code += u.step ? write(u.step, { ...writing, out: v }) : `${v} = ${constant(info.step)}(m, ${base}, s${tail});`;
    return code;
  };
  const emit = (line: string | Use): string => {
    if (typeof line === 'string') return line;
    const u = line;
    const { v, stamp } = u;
    if (stamp === null) return `let ${v}; ${computation(u, NONE)}`;
    const at = (k: number | string) => (typeof k === 'number' ? offset(stamp, k) : `${stamp} + ${k}`);
    const keep = promoted.get(u) ?? NONE;
    const compute = `m[${stamp}] = fr; ${computation(u, keep)} m[${at('1 + r')}] = ${v};`;
    if (checked(u)) return `let ${v}; if (m[${stamp}] >= fr) ${v} = m[${at('1 + r')}]; else { ${compute} }`;
    return readers ? `let ${v}; ${compute}` : `let ${v}; ${computation(u, keep)}`;
  };
  // Before the loop: prepares whose inputs are constants, then promoted slots into locals.
  const before: string[] = [];
  for (const u of uses) {
    if (!u.hoisted || !u.info.state) continue;
    const reads = u.prepare ? u.prepare.reads : null;
    const inputs = u.args.map((a, i) => (!reads || reads.has(i + 3) ? a : '0'));
    before.push(
      u.prepare
        ? write(u.prepare, {
            uid: u.uid,
            out: null,
            base: u.base,
            inputs,
            promoted: NONE,
            sync: false,
            free: freeOf(u.info),
            callee: calleeOf(u.info),
            sampleRate,
            channel: u.channel,
          })
        : `${constant(u.info.prepare)}(m, ${u.base}, s${inputs.map((a) => `, ${a}`).join('')});`,
    );
  }
  const held = [...promoted].flatMap(([u, slots]) => [...slots].map((k) => ({ local: slotLocal(u.uid, k), at: offset(u.base, k) })));
  before.push(...held.map((x) => `let ${x.local} = m[${x.at}];`));
  /** Written before every return: the promoted slots back to memory. */
  const store = held.map((x) => `m[${x.at}] = ${x.local}; `).join('');
  const nan = (v: string) => `if (${v} - ${v} !== 0) { rec.gain = g; bad[0] = ${v}; ${store}return f + 1; }`;
  const compute = lines
    .map((line, i) => {
      const c = starts.lastIndexOf(i);
      // A call (the user's function, a step not written in) may read s.ch: set it when a channel's code starts.
      const ch = c >= 0 && callsIn.has(c) ? `s.ch = ${c}; ` : '';
      return ch + emit(line);
    })
    .concat(outs.map(nan))
    .join('\n      ');
  /**
   * The mix: a mono signal is heard in every output; a wider one fills as many
   * as both have. `direct`: this signal renders last in the chunk, so it also
   * clips the sum and writes the chunk's output (saving the mixer a pass).
   */
  const mix = (direct: boolean): string => {
    const code: string[] = [];
    for (let c = 0; c < outputs; c++) {
      const term = channels === 1 ? 'y' : c < channels ? `${outs[c]} * g` : '';
      if (!direct) {
        if (term) code.push(`acc[a + ${c}] += ${term};`);
      } else {
        code.push(`{ const v = acc[a + ${c}]${term ? ` + ${term}` : ''}; out[a + ${c}] = v > 1 ? 1 : v < -1 ? -1 : v; }`);
      }
    }
    return (channels === 1 ? [`const y = ${outs[0]} * g;`, ...code] : code).join('\n      ');
  };
  // Everything the loop refers to is a const of the enclosing function: V8
  // specialises the loop to this one closure and embeds them as constants
  // (a parameter would be a mutable slot, reloaded and checked every frame).
  const prelude = [
    'const m = M, bad = BAD, s = S, acc = ACC, out = OUT;',
    ...consts.map((_, i) => `const c${i} = K[${i}];`),
    ...calls.map((_, i) => `const u${i} = U[${i}];`),
  ].join('\n');
  // `s.frame` is stored every frame only when some code may read it (a function
  // called with `s`, or a step reading `s.frame`, `s.t` or `s` itself); else
  // only when something throws, for the mixer's report.
  const clocked = opaque || uses.some((u) => !u.step || u.prepare === null || u.step.clock || u.prepare?.clock);
  const frame = `const fr = frame0 + f;
      const r = fr & ${RING - 1};
      const a = at + f * ${outputs};
      ${clocked ? 's.frame = fr;' : ''}`;
  // Loops: at a steady gain (nearly always) with no per-frame fade step, into
  // the mix or straight out; and a fading one. (The repeated code also keeps V8
  // from inlining the whole loop into the mixer, where it would spend the
  // inlining budget the kernels need.)
  const source = `${prelude}
return function run(at, frames, frame0, rec, direct) {
  const target = rec.target, ramp = rec.ramp;
  let g = rec.gain;
  let f = 0;
  ${before.join('\n  ')}
  try {
    if (g === target) {
      if (!direct) {
        for (f = 0; f < frames; f++) {
          ${frame}
          ${compute}
          ${mix(false)}
        }
      } else {
        for (f = 0; f < frames; f++) {
          ${frame}
          ${compute}
          ${mix(true)}
        }
      }
      ${store}return 0;
    }
    for (f = 0; f < frames; f++) {
      ${frame}
      g = g < target ? Math.min(target, g + ramp) : Math.max(target, g - ramp);
      if (g === 0 && rec.stopping) {
        rec.finished = true;
        rec.gain = g;
        ${store}return -f - 1;
      }
      ${compute}
      if (!direct) {
        ${mix(false)}
      } else {
        ${mix(true)}
      }
    }
  } catch (error) {
    s.frame = frame0 + f;
    ${store}throw error;
  }
  rec.gain = g;
  ${store}return 0;
};`;
  // A fresh function per compile, never a cached one reused: V8 then treats m,
  // the steps, the callees, the context and the mix buffer as constants of this
  // one closure: it inlines the calls and addresses the arrays directly.
  // Unchanged code (same source, the very same step and call functions) keeps
  // its loop: V8 has optimised it already, and a new one would start cold —
  // a reload of a big session would then overrun a few audio blocks.
  if (previous && previous.source === source && same(previous.consts, consts) && same(previous.calls, calls)) return previous;
  const run = new Function('M', 'BAD', 'K', 'U', 'S', 'ACC', 'OUT', source)(memory, bad, consts, calls, stage.context, stage.acc, stage.out) as Runner;
  return { run, opaque, source, consts, calls };
}

function same<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * What `uses` gives for a free reference, or undefined: `name`; `object.property`
 * with the object given (a table's `numbers.length`: the object, and the member
 * to read); or, for an import as bundlers write it (`ns.tap`), the property.
 */
function given(free: string, uses: Readonly<Record<string, unknown>>): { value: unknown; member?: string } | undefined {
  const [object, property] = free.split('.') as [string, string?];
  if (object in uses) return property === undefined ? { value: uses[object] } : { value: uses[object], member: property };
  return property !== undefined && property in uses ? { value: uses[property] } : undefined;
}

/** A number as code that reads back the same double. */
function literal(x: number): string {
  return Object.is(x, -0) ? '(-0)' : x < 0 ? `(${x})` : String(x);
}

/**
 * Why a kernel's code is called rather than written into its signal's loop,
 * or null when it is written in. For helper authors: a step that reads a
 * module name not given in `uses`, or that the compiler cannot read, still
 * works, but its state then stays in memory every frame (slower).
 *
 * @example
 * ```ts
 * expect(inlineReport(saw(110))).toBeNull();
 * ```
 */
export function inlineReport(signal: Signal): string | null {
  const info = nodeOf(signal);
  if (!info) return 'not a kernel: it is called as a function';
  for (const [what, fn] of [
    ['step', info.step],
    ['prepare', info.prepare],
  ] as const) {
    if (!fn) continue;
    const p = parseKernelFunction(fn);
    if (typeof p === 'string') return `${info.helper}: its ${what} ${p}`;
    const missing = [...p.free].filter((n) => given(n, info.uses) === undefined);
    if (missing.length > 0) return `${info.helper}: its ${what} uses ${missing.join(', ')}, not given in \`uses\``;
    if (what === 'step' && !p.valued) return `${info.helper}: its step does not return a value on every path`;
  }
  return null;
}
