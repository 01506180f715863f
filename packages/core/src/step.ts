import type { Signal, SignalContext } from './types.js';

/**
 * Calls a signal for one frame and adds it, times gain `g`, into `acc`.
 * Returns 0, or 1 when the signal produced a non-finite sample (kept in `bad[0]`).
 */
export type Step = (s: SignalContext, acc: Float64Array, outputs: number, g: number) => number;

// Why a compiled function per signal: a call that V8 does not inline returns
// its double boxed in a fresh heap number, one allocation per sample. The
// mixer's own call site sees every signal and is never inlined, so it must
// not receive doubles. Each step function is new code with its own type
// feedback, so its single call `fn(s)` is monomorphic and inlined, and it
// hands the mixer only small integers.
const SOURCE = `
return function step(s, acc, outputs, g) {
  const n = s.channels;
  if (n === 1) {
    s.ch = 0;
    const v = fn(s);
    if (v - v !== 0) { bad[0] = v; return 1; }
    const y = v * g;
    for (let c = 0; c < outputs; c++) acc[c] += y;
    return 0;
  }
  for (let c = 0; c < n; c++) {
    s.ch = c;
    const v = fn(s);
    if (v - v !== 0) { bad[0] = v; return 1; }
    acc[c] += v * g;
  }
  return 0;
};`;

/** Makes the step function of `fn`; `bad` receives a non-finite sample. */
export function compileStep(fn: Signal, bad: Float64Array): Step {
  return new Function('fn', 'bad', SOURCE)(fn, bad) as Step;
}
