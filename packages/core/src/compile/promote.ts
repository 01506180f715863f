import type { HelperState } from '../binding.js';
import type { KernelInstance } from './instance.js';

/**
 * Whether a stateful kernel checks its stamp before computing: in a signal
 * that calls functions (they may compute a kernel through its closure at any
 * moment), and for a kernel other compiled signals reach too. Otherwise nothing
 * can have asked for this frame yet (fully compiled signals render first).
 */
export function checking(opaque: boolean, shared: ReadonlySet<HelperState>): (u: KernelInstance) => boolean {
  return (u) => opaque || shared.has(u.info.state!);
}

/**
 * The slots of each kernel held in locals during a block: only where this loop
 * alone touches them (not checked, written in whole). A filter's recursion then
 * stays in registers, as in a hand-fused loop.
 */
export function promote(instances: readonly KernelInstance[], checked: (u: KernelInstance) => boolean): Map<KernelInstance, ReadonlySet<number>> {
  const promoted = new Map<KernelInstance, ReadonlySet<number>>();
  for (const u of instances) {
    if (!u.info.state || checked(u) || !u.step || u.prepare === null) continue;
    // A step that hands its memory to a function every frame would write its locals back every frame: no gain.
    if (u.step.syncs && u.info.registers === 0) continue;
    const perFrame = u.prepare && !u.hoisted ? [u.prepare] : [];
    const all = [u.step, ...perFrame];
    let slots = new Set(all.flatMap((p) => [...p.slots]));
    // Indexed at computed offsets too (a delay line), or handing its memory to a function that
    // may touch any slot above them (it is not synced): only the first `registers` slots are
    // known to be read by literal alone.
    const handsOn = u.info.registers > 0 && all.some((p) => p.syncs);
    if (handsOn || all.some((p) => p.dynamic)) slots = new Set([...slots].filter((k) => k < u.info.registers));
    if (slots.size > 0) promoted.set(u, slots);
  }
  return promoted;
}
