import { createRuntime } from '@aither/core';
import { casesOf, PRELUDE, TEST_SIGNALS } from '@aither/helper-kit/table';
import * as helpers from '@aither/helpers';
import { CASES } from '@aither/helpers/cases';

/** Blocks each warm-up signal renders: enough for every helper's code to have run, far from optimised loops. */
const BLOCKS = 24;

/**
 * Every use in the built-in helpers' table of cases evaluated, compiled and
 * rendered once, in a runtime of its own that is then dropped; returns how
 * long it took (ms), and how many cases there were and were skipped. The
 * first use of a helper in a process costs tens of milliseconds (its steps
 * parsed to be written in, its code and the compiler's compiled by V8): heard
 * while playing, that is a dropout — the first reverb of the night, or a piece
 * loaded. Before the device starts it costs nothing heard (about 150 of the
 * 220 ms of a 32-signal piece's first evaluation).
 */
export function warmHelpers(sampleRate: number, channels: number): { ms: number; cases: number; skipped: number } {
  const started = performance.now();
  const all = casesOf(CASES);
  let skipped = 0;
  const rt = createRuntime({ sampleRate, channels, install: [helpers, TEST_SIGNALS], fadeSeconds: 0 });
  const out = new Float32Array(128 * channels);
  for (const [i, [, code]] of all.entries()) {
    // One signal at a time, each in its own evaluation: the pool never holds more than one case.
    try {
      rt.evaluate(`${PRELUDE}\nplay('w${i}', ${code});`);
    } catch {
      // A case this host cannot run is skipped: warming is never an error.
      skipped++;
      continue;
    }
    for (let b = 0; b < BLOCKS; b++) rt.render(out, 128);
  }
  return { ms: performance.now() - started, cases: all.length, skipped };
}
