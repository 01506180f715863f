// A signal spec as code: the helpers it builds, and the `use(...)`-wrapped
// signal. The same text serves session code and direct registers (there the
// shared helpers are `pool[i]`).
import { FADES, type Part, type SignalSpec } from './ops.js';

/** A shared helper as the code sees it: a name in scope, or `pool[i]`. */
export interface Ref {
  readonly code: string;
  readonly kernel: boolean;
}

export interface SignalCode {
  /** `const p0 = ..., q0 = ...;` (or ''). */
  readonly decls: string;
  /** `use([...], fn, [...])`. */
  readonly expr: string;
}

const rate = (p: number): string => String(Math.round((0.1 + p * 0.37) * 1000) / 1000);
const size = (p: number): number => 1 + p;

/**
 * @param frame - runtime A's frame now: a NaN modulator turns NaN `sig.nan` frames later.
 * @param fixed - the same helpers (same keys), the modulator finite: the performer's fix.
 */
export function signalCode(sig: SignalSpec, refs: readonly Ref[], frame: number, fixed = false): SignalCode {
  const decls: string[] = [];
  /** Every helper variable, for `use`. */
  const helpers: string[] = [];
  /** What the signal sums. */
  const terms: string[] = [];
  const tainted: string[] = [];
  sig.parts.forEach((part, k) => {
    const v = `p${k}`;
    if (sig.compiled) {
      decls.push(`${v} = ${kernelPart(part)}`);
    } else if (part.kind === 'smoother') {
      decls.push(`q${k} = probe(${rate(part.p)})`, `${v} = pint(q${k})`);
      helpers.push(`q${k}`);
    } else {
      decls.push(`${v} = ${part.kind === 'ramp' ? `probe(${rate(part.p)})` : `psent(${size(part.p)})`}`);
    }
    helpers.push(v);
    terms.push(v);
  });
  if (sig.nan !== null) {
    const at = frame + sig.nan;
    if (sig.compiled) {
      decls.push('nr = kramp(0.5)', `n0 = kint(kadd(nr, ${fixed ? '0' : `knan(${at})`}))`);
    } else {
      decls.push(`n0 = pint(${fixed ? 's => 0.1' : `s => (s.frame >= ${at} ? NaN : 0.1)`})`);
    }
    tainted.push('n0');
    terms.push('n0');
  }
  const shared = uniqueRefs(sig, refs);
  for (const r of shared) {
    helpers.push(r.code);
    terms.push(r.code);
  }
  const fn = sig.compiled
    ? `kmul(${terms.reduce((sum, t) => `kadd(${sum}, ${t})`)}, 0.05)`
    : `s => { ${sig.state ? 's.state[0] += 1; ' : ''}return (${terms.map((t) => `${t}(s)`).join(' + ')}) * 0.05; }`;
  return {
    decls: decls.length > 0 ? `const ${decls.join(', ')};` : '',
    expr: `use([${helpers.join(', ')}], ${fn}${tainted.length > 0 ? `, [${tainted.join(', ')}]` : ''})`,
  };
}

function kernelPart(part: Part): string {
  switch (part.kind) {
    case 'ramp':
      return `kramp(${rate(part.p)})`;
    case 'sentinel':
      return `ksentinel(${size(part.p)})`;
    case 'smoother':
      return `kint(kramp(${rate(part.p)}))`;
  }
}

/** The shared helpers a signal calls: compiled signals take kernels only. */
function uniqueRefs(sig: SignalSpec, refs: readonly Ref[]): Ref[] {
  const usable = sig.compiled ? refs.filter((r) => r.kernel) : refs;
  if (usable.length === 0) return [];
  const picked = new Map<string, Ref>();
  for (const i of sig.share) {
    const r = usable[i % usable.length]!;
    picked.set(r.code, r);
  }
  return [...picked.values()];
}

/** The registration statement of session code, on one line. */
export function registerLine(name: string, sig: SignalSpec, code: SignalCode): string {
  const fade = FADES[sig.fade % FADES.length];
  const call =
    sig.channels === 0
      ? `play('${name}', ${code.expr}${fade === undefined ? '' : `, ${fade}`});`
      : `register('${name}', ${code.expr}, { channels: ${sig.channels}${fade === undefined ? '' : `, fadeSeconds: ${fade}`} });`;
  return code.decls ? `{ ${code.decls} ${call} }` : call;
}

/** The options of a direct `register` for a spec. */
export function registerOptions(sig: SignalSpec): { channels?: number; fadeSeconds?: number } {
  const fade = FADES[sig.fade % FADES.length];
  return { ...(sig.channels === 0 ? {} : { channels: sig.channels }), ...(fade === undefined ? {} : { fadeSeconds: fade }) };
}
