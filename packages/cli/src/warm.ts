import { createRuntime } from '@aither/core';
import { casesOf, PRELUDE, TEST_SIGNALS } from '@aither/helper-kit/table';
import * as helpers from '@aither/helpers';
import { CASES } from '@aither/helpers/cases';

/** Blocks each warm-up signal renders: enough for every helper's code to have run, far from optimised loops. */
const BLOCKS = 24;

/**
 * Every use in the built-in helpers' table of cases evaluated, compiled and rendered
 * once, in a runtime of its own that is then dropped; returns how long it
 * took (ms), and how many cases ran and were skipped. The first use of a helper in a process costs tens of
 * milliseconds (its steps parsed to be written in, its code and the
 * compiler's compiled by V8): heard while playing, that is a dropout — the
 * first reverb of the night, or a piece loaded. Before the device starts it
 * costs nothing heard (about 150 of the 220 ms of a 32-signal piece’s first evaluation).
 */
export function warmHelpers(sampleRate: number, channels: number): { ms: number; cases: number; skipped: number } {
  const started = performance.now();
  let cases = 0;
  let skipped = 0;
  const rt = createRuntime({ sampleRate, channels, install: [helpers, TEST_SIGNALS], fadeSeconds: 0 });
  const out = new Float32Array(128 * channels);
  for (const [i, [, code]] of casesOf(CASES).entries()) {
    // One signal at a time, each in its own evaluation: the pool never holds more than one case.
    cases++;
    if ('ok' in safely(() => rt.evaluate(`${PRELUDE}\nplay('w${i}', ${code});`))) for (let b = 0; b < BLOCKS; b++) rt.render(out, 128);
    else skipped++;
  }
  return { ms: performance.now() - started, cases, skipped };
}

/** A case that cannot run here (it needs something this host lacks) is skipped: warming is never an error. */
function safely(f: () => unknown): { ok: true } | { failed: true } {
  try {
    f();
    return { ok: true };
  } catch {
    return { failed: true };
  }
}
