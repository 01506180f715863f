import { HEADER, type HelperState } from '../binding.js';
import { nodeOf, type KernelPrepare, type KernelStep, type NodeInfo } from '../kernel.js';
import { walkGraph } from '../reach.js';
import type { Signal } from '../types.js';
import type { Parsed } from './edit.js';
import type { KernelInstance } from './instance.js';
import { given, literal } from './names.js';
import { parseKernelFunction } from './parse.js';

/** A kernel the compiler can write in here: stateless, or with its block in this runtime's memory (not retired). */
export function inlinable(x: unknown, memory: Float64Array): NodeInfo | undefined {
  const info = nodeOf(x);
  return info && (info.state === null || info.state.memory === memory) ? info : undefined;
}

/** The kernels reached from a signal (through inlinable kernels only), and whether it calls anything else. */
export function graphOf(root: Signal, memory: Float64Array): { states: Set<HelperState>; opaque: boolean } {
  return walkGraph(root, (x) => inlinable(x, memory));
}

/** A signal's graph laid out as the frame loop computes it. */
export interface Layout {
  /**
   * The code computing each value, in dependency order, channel after channel:
   * a kernel instance, or a call of a function the compiler cannot see into.
   */
  readonly lines: ReadonlyArray<string | KernelInstance>;
  /** The kernel instances in `lines`, by uid. */
  readonly instances: readonly KernelInstance[];
  /** The functions called as they are (`u0, u1, ...` in the loop). */
  readonly calls: readonly Signal[];
  /** The channels where code that reads `s.ch` runs (a call: then `s.ch` is set first). */
  readonly callsIn: ReadonlySet<number>;
  /** Each channel's value. */
  readonly outs: readonly string[];
  /** The index in `lines` where each channel's code starts. */
  readonly starts: readonly number[];
}

/**
 * Lays a signal's graph out, channel after channel, in dependency order.
 *
 * Channels are written out one after the other in the frame loop, each with
 * literal offsets, so every kernel's state can be held in locals. A helper
 * whose block has fewer channels than the signal (a mono LFO in a stereo
 * chain) is computed for the first channel that reaches its block channel
 * and read by the others: once per frame, as its closure would.
 */
export function layout(root: Signal, channels: number, memory: Float64Array): Layout {
  const lines: Array<string | KernelInstance> = [];
  const instances: KernelInstance[] = [];
  const calls: Signal[] = [];
  const callsIn = new Set<number>();
  /** Values computed this frame, by signal and channel (by block channel for stateful kernels). */
  const names = new Map<unknown, Map<number, string>>();

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
      const args = info.inputs.map((p) => value(p, c)); // its inputs come first in the loop, and take the uids before its own
      const instance = place(info, args, instances.length, c);
      if (!instance.step || instance.prepare === null) callsIn.add(c);
      name = instance.v;
      instances.push(instance);
      lines.push(instance);
    }
    if (!names.has(x)) names.set(x, new Map());
    names.get(x)!.set(key, name);
    return name;
  };

  const outs: string[] = [];
  const starts: number[] = [];
  for (let c = 0; c < channels; c++) {
    starts.push(lines.length);
    outs.push(value(root, c));
  }
  return { lines, instances, calls, callsIn, outs, starts };
}

/** A kernel's instance for channel `c`: its offsets, and its functions as source where they can be written in. */
function place(info: NodeInfo, args: string[], uid: number, c: number): KernelInstance {
  const h = info.state;
  const at = h ? h.at + (c & h.mask) * h.stride : 0;
  const step = writable(info.step, info);
  const prepare = info.prepare && writable(info.prepare, info);
  const reads = prepare ? [...prepare.reads].map((k) => info.inputs[k - 3]) : info.inputs;
  const hoisted = info.prepare !== undefined && reads.every((p) => typeof p === 'number');
  return { uid, info, v: `n${uid}`, args, base: String(at + HEADER), stamp: h ? String(at) : null, channel: c, step, prepare, hoisted };
}

/** A kernel function as source when every name it uses is given, else null (it is called). */
function writable(fn: KernelStep | KernelPrepare, info: NodeInfo): Parsed | null {
  const p = parseKernelFunction(fn);
  return typeof p !== 'string' && (p.valued || fn !== info.step) && [...p.free].every((n) => given(n, info.uses) !== undefined) ? p : null;
}
