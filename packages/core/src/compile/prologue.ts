import type { KernelInstance } from './instance.js';
import { calleeOf, type Constants } from './names.js';
import { NONE } from './emit-kernel.js';
import { offset, slotLocal, write } from './write.js';

/** The code a block runs before its frame loop, and what it writes back before every return. */
export interface Prologue {
  /** Prepares whose inputs are constants, then the promoted slots loaded into locals. */
  readonly before: readonly string[];
  /** The promoted slots stored back to memory. */
  readonly store: string;
}

/** Before the loop: the prepares whose inputs are constants (once per block), then promoted slots into locals. */
export function emitPrologue(instances: readonly KernelInstance[], promoted: ReadonlyMap<KernelInstance, ReadonlySet<number>>, constants: Constants, sampleRate: number): Prologue {
  const before: string[] = [];
  for (const u of instances) {
    if (!u.hoisted || !u.info.state) continue;
    const reads = u.prepare ? u.prepare.reads : null;
    // Inputs the prepare does not read are given as 0: they need not be constant.
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
            free: constants.freeName(u.info),
            callee: calleeOf(u.info),
            sampleRate,
            channel: u.channel,
          })
        : `${constants.ref(u.info.prepare)}(m, ${u.base}, s${inputs.map((a) => `, ${a}`).join('')});`,
    );
  }
  const held = [...promoted].flatMap(([u, slots]) => [...slots].map((k) => ({ local: slotLocal(u.uid, k), at: offset(u.base, k) })));
  before.push(...held.map((x) => `let ${x.local} = m[${x.at}];`));
  return { before, store: held.map((x) => `m[${x.at}] = ${x.local}; `).join('') };
}
