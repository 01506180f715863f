import { offset, write } from './write.js';
import type { KernelInstance } from './instance.js';
import { calleeOf, type Constants } from './names.js';

/** What emitting a kernel's per-frame code depends on, beyond the kernel itself. */
export interface KernelEmission {
  readonly constants: Constants;
  readonly sampleRate: number;
  readonly promoted: ReadonlyMap<KernelInstance, ReadonlySet<number>>;
  /** Whether a stateful kernel checks its stamp first (see `checking`). */
  readonly checked: (u: KernelInstance) => boolean;
  /** Some signal of the runtime calls functions, which may read stamps and output rings. */
  readonly readers: boolean;
}

export const NONE: ReadonlySet<number> = new Set();

/**
 * A kernel's per-frame code: its value into its variable, with the
 * bookkeeping a stateful kernel needs. It stamps the frame and writes its
 * output ring, so that a helper shared with another signal, or called from a
 * user's function, is computed once per frame whoever asks first; it checks
 * the stamp first only where something can have asked before (`checked`);
 * and it neither stamps nor writes the ring while nobody can read them
 * (`readers` false).
 */
export function emitKernel(u: KernelInstance, e: KernelEmission): string {
  const { v, stamp } = u;
  if (stamp === null) return `let ${v}; ${computation(u, NONE, e)}`;
  const at = (k: number | string) => (typeof k === 'number' ? offset(stamp, k) : `${stamp} + ${k}`);
  const keep = e.promoted.get(u) ?? NONE;
  const compute = `m[${stamp}] = fr; ${computation(u, keep, e)} m[${at('1 + r')}] = ${v};`;
  if (e.checked(u)) return `let ${v}; if (m[${stamp}] >= fr) ${v} = m[${at('1 + r')}]; else { ${compute} }`;
  return e.readers ? `let ${v}; ${compute}` : `let ${v}; ${computation(u, keep, e)}`;
}

/** The code computing a kernel's value into its variable (declared before): its per-frame prepare, then its step. */
function computation(u: KernelInstance, keep: ReadonlySet<number>, e: KernelEmission): string {
  const { uid, info, v, args, base } = u;
  const { constants } = e;
  const tail = args.length > 0 ? `, ${args.join(', ')}` : '';
  const writing = {
    uid,
    base,
    inputs: args,
    promoted: keep,
    sync: info.registers === 0,
    free: constants.freeName(info),
    callee: calleeOf(info),
    sampleRate: e.sampleRate,
    channel: u.channel,
  };
  let code = '';
  if (info.prepare && !u.hoisted) code += u.prepare ? write(u.prepare, { ...writing, out: null }) : `${constants.ref(info.prepare)}(m, ${base}, s${tail});`;
  code += u.step ? write(u.step, { ...writing, out: v }) : `${v} = ${constants.ref(info.step)}(m, ${base}, s${tail});`;
  return code;
}
