import { gcEvents } from './gc.js';
import { type ConformanceOptions, runtimeFor, sessionOf } from './session.js';

/**
 * GC events of `code` (session code over the test signals, as a fixture gives it) over `seconds`
 * of stereo audio after 4 s of warm-up, in each of `runs` fresh runtimes. Code
 * that first runs long after the loop was optimised (a branch taken only when a
 * slow parameter turns negative, such as a phase wrap `if (moved < 0) moved += 1`)
 * deoptimises it, and V8 may leave it allocating for good: some runs then count
 * GCs and others none, hence several runs.
 * @throws when `gc` is not exposed, or when a run reports a fault.
 * @example
 * ```ts
 * expect(await slowModulationGcs('ring(x, 220, slow)', { install: [mine] })).toEqual([0, 0, 0]);
 * ```
 */
export async function slowModulationGcs(code: string, options: ConformanceOptions, runs = 3, seconds = 60): Promise<number[]> {
  const counts: number[] = [];
  for (let run = 0; run < runs; run++) {
    const rt = runtimeFor(options, 48000, 2);
    rt.evaluate(sessionOf(code, 2));
    counts.push(await gcEvents(rt, 4, seconds));
    const faults = rt.drainErrors();
    if (faults.length > 0) throw new Error(`${code}: ${faults[0]!.message}`);
  }
  return counts;
}
