import { nodeOf } from '../kernel.js';
import type { Signal } from '../types.js';
import type { Parsed } from './edit.js';
import { given } from './names.js';
import { parseKernelFunction } from './parse.js';

/**
 * Why a kernel is not written into its signal's loop as it should be, in the
 * words of the helper's author, or null when it is. A step that reads a
 * module name not given in `uses`, or that the compiler cannot read, still
 * works, but is called instead: its state then stays in memory every frame
 * (slower). A step that calls a signal is written in, but the signal it calls
 * runs through its closure, outside the loop: it should be an input.
 *
 * @example
 * ```ts
 * expect(inlineReport(saw(110))).toBeNull();
 * ```
 */
export function inlineReport(signal: Signal): string | null {
  const info = nodeOf(signal);
  if (!info)
    return 'not a kernel (a function of its own, such as `s => ...`): it is called every frame as it is; build it with `kernel` or `mapKernel` to have it written into the loop';
  for (const [what, fn] of [
    ['step', info.step],
    ['prepare', info.prepare],
  ] as const) {
    if (!fn) continue;
    const p = parseKernelFunction(fn);
    const why = typeof p === 'string' ? p : problem(p, what, info.uses);
    if (why) return `${info.helper}: its ${what} ${why}`;
  }
  return null;
}

/** What keeps a readable kernel function from being written in as it should be, or null. */
function problem(p: Parsed, what: 'step' | 'prepare', uses: Readonly<Record<string, unknown>>): string | null {
  // A free name called with the context alone: a signal, given in `uses` or captured from around the step.
  const signals = [...p.signalCalls].filter((n) => {
    const found = given(n, uses);
    return found === undefined || (found.member === undefined && nodeOf(found.value) !== undefined);
  });
  if (signals.length > 0) {
    const calls = signals.map((n) => `\`${n}(s)\``).join(', ');
    return `calls the signal ${calls}: a ${what} must not call signals (each would be computed through its closure, outside the loop); give it to the kernel as an input instead, and read its value as a parameter`;
  }
  const missing = [...p.free].filter((n) => given(n, uses) === undefined);
  if (missing.length > 0) {
    const keys = [...new Set(missing.map((n) => n.split('.')[0]!))].join(', ');
    return `reads ${missing.join(', ')} from its module, not given in \`uses\`: add \`uses: { ${keys} }\` to the kernel's options`;
  }
  if (what === 'step' && !p.valued) return 'does not return a value on every path: end each one with `return` and the sample';
  return null;
}
