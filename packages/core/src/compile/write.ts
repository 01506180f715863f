import type { Edit, InlineCall, Parsed } from './edit.js';
import { parseKernelFunction } from './parse.js';

/** How one instance writes a parsed function into a loop. */
export interface Writing {
  /** Unique among the loop's kernels (and the calls written into them): suffixes names and labels. */
  readonly uid: number | string;
  /** The variable that receives the result (declared by the caller); null for a prepare. */
  readonly out: string | null;
  /** The code for `o`, the channel's first state slot: a number, or an expression of the channel loop. */
  readonly base: string;
  /** The code for each input, in order (parameters 3 ..). */
  readonly inputs: readonly string[];
  /** Slots held in the locals named by {@link slotLocal} during a block. */
  readonly promoted: ReadonlySet<number>;
  /** Calls handed `m` may touch the promoted slots: write them back before, read them after. */
  readonly sync: boolean;
  /** The code for a name the function takes from its module. */
  readonly free: (name: string) => string;
  /** The runtime's rate in Hz (fixed for its life): `s.sr` and `s.dt` are written as numbers. */
  readonly sampleRate: number;
  /** The signal's channel this code computes: `s.ch` is written as this number. */
  readonly channel: number;
  /** The function a free name stands for, to write a call of it in (see the `inline-call` edit). */
  readonly callee?: (name: string) => unknown;
}

/** The local that holds slot `k` of kernel `uid` during a block. */
export function slotLocal(uid: number | string, k: number): string {
  return `p${uid}_${k}`;
}

/** `base + k` as code, folded when the base is a number. */
export function offset(base: string, k: number): string {
  return /^\d+$/.test(base) ? String(Number(base) + k) : `${base} + ${k}`;
}

/** No slots promoted: a module function written into a step holds none of its own. */
const NO_SLOTS: ReadonlySet<number> = new Set();

/**
 * The function's code for this instance: a statement that assigns `out` (or,
 * for a prepare, just runs). Its names are suffixed with the instance's uid,
 * its slots become locals or `m[literal]`, its returns assignments (and jumps
 * out of a labelled block when they are not last).
 */
export function write(p: Parsed, w: Writing): string {
  return new Renderer(p, w).render();
}

/** Renders one parsed function for one instance (see {@link write}). */
class Renderer {
  private readonly label: string;
  private readonly temp: string;
  /** Promoted slots written back to memory, and read again, around a call handed `m`. */
  private readonly flush: string;
  private readonly reload: string;
  private readonly sync: boolean;
  /** Module functions written in so far (each gets its own uid). */
  private calls = 0;

  constructor(
    private readonly p: Parsed,
    private readonly w: Writing,
  ) {
    const { uid, base, promoted } = w;
    this.label = `L${uid}`;
    this.temp = `T${uid}`;
    this.flush = [...promoted].map((k) => `m[${offset(base, k)}] = ${slotLocal(uid, k)}`).join(', ');
    this.reload = [...promoted].map((k) => `${slotLocal(uid, k)} = m[${offset(base, k)}]`).join(', ');
    this.sync = w.sync && promoted.size > 0 && p.edits.some((e) => e.kind === 'sync-open');
  }

  render(): string {
    const { p, w } = this;
    const code = this.range(p.body[0], p.body[1], true);
    const first = p.plain ? 0 : 3;
    const decls = [...p.params.slice(first).map((name, i) => `${this.local(name)} = ${w.inputs[i] ?? 'undefined'}`), ...(this.sync ? [this.temp] : [])];
    const head = decls.length > 0 ? `let ${decls.join(', ')}; ` : '';
    if (p.expression) return `{ ${head}${w.out ? `${w.out} = ` : ''}(${code}); }`;
    return `${p.early ? `${this.label}: ` : ''}{ ${head}${code} }`;
  }

  /** A name of the function, suffixed to keep it apart from the loop's and other kernels'. */
  private local(name: string): string {
    return `${name}$${this.w.uid}`;
  }

  /** The source from `from` to `to` with its edits applied (those inside an edit already applied are skipped). */
  private range(from: number, to: number, end: boolean, skip?: Edit): string {
    const { p } = this;
    let code = '';
    let at = from;
    for (const e of p.edits) {
      if (e.at < at || e === skip) continue;
      if (e.at > to || (e.at === to && !(end && e.end === e.at))) break;
      code += p.text.slice(at, e.at) + this.piece(e);
      at = e.end;
    }
    return code + p.text.slice(at, to);
  }

  /** What one edit writes for this instance. */
  private piece(e: Edit): string {
    const { p, w } = this;
    const { base, out, promoted, uid } = w;
    switch (e.kind) {
      case 'param':
        if (p.plain) return this.local(p.params[e.index]!);
        return e.index === 0 ? 'm' : e.index === 1 ? (/^\d+$/.test(base) ? base : `(${base})`) : e.index === 2 ? 's' : this.local(p.params[e.index]!);
      case 'inline-call':
        return this.callIn(e);
      case 'local':
        return this.local(e.name);
      case 'free':
        return w.free(e.name);
      case 'slot':
        return promoted.has(e.slot) ? slotLocal(uid, e.slot) : `m[${offset(base, e.slot)}]`;
      case 'return-head':
        return e.last && !p.early ? (out ? `${out} = ` : '') : `{ ${out ? `${out} = ` : ''}`;
      case 'return-tail':
        return e.last && !p.early ? ';' : `; break ${this.label}; }`;
      case 'return-bare':
        return `break ${this.label};`;
      case 'channel':
        return String(w.channel);
      case 'rate':
        return `(${e.inverse ? 1 / w.sampleRate : w.sampleRate})`;
      case 'sync-open':
        return this.sync ? `(${this.flush}, ${this.temp} = ` : '';
      case 'sync-close':
        return this.sync ? `, ${this.reload}, ${this.temp})` : '';
    }
  }

  /** A module function's call statement with the function's own source written in, when it can be. */
  private callIn(e: InlineCall): string {
    const { w } = this;
    const fn = w.callee?.(e.callee);
    const q = typeof fn === 'function' ? parseKernelFunction(fn as (...args: never[]) => unknown, true) : 'not a function';
    const usable = typeof q !== 'string' && [...q.free].every((n) => w.callee?.(n) !== undefined) && (e.target === null || q.valued) && q.params.length >= e.args.length;
    if (!usable) return this.range(e.at, e.end, false, e);
    const target = e.target === null ? null : this.local(e.target);
    const inner = write(q, { ...w, uid: `${w.uid}_${this.calls++}`, out: target, inputs: e.args.map(([a, b]) => this.range(a, b, false)), promoted: NO_SLOTS, sync: false });
    const around = this.sync && e.handsMemory;
    return `${target ? `let ${target}; ` : ''}${around ? `${this.flush}; ` : ''}${inner}${around ? ` ${this.reload};` : ''}`;
  }
}
