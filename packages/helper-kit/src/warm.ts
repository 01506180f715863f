import { createRuntime } from '@aither/core';
import { casesOf, type HelperTable } from './fixture.js';
import { PRELUDE, TEST_SIGNALS } from './inputs.js';

/** Blocks each warm-up signal renders: enough for every helper's code to have run, far from optimised loops. */
const BLOCKS = 24;

/** Warm calls of each warm-up signal's loop: its closures play first, then the loop goes live (see `tiered` in `@aither/core`). */
const WARM_CALLS = 16;

/**
 * Every use in `table` evaluated, compiled and rendered once, in a tiered
 * runtime of its own that is then dropped: first on its helpers' closures
 * (where a live host plays a new signal), then on its loop. Returns how long
 * it took (ms), and how many cases there were, were skipped and went live on
 * their loops. The first use of a helper in a process costs tens of
 * milliseconds (its steps parsed to be written in, its code and the
 * compiler's compiled by V8): heard while playing, that is a dropout — the
 * first reverb of the night, or a piece loaded. Before the device starts it
 * costs nothing heard.
 *
 * @param install - the helper scopes, as the host installs them.
 * @param now - the clock, ms: `performance.now` by default; an AudioWorkletGlobalScope has only `Date.now`.
 */
export function warmCases(
  install: readonly Readonly<Record<string, unknown>>[],
  table: HelperTable,
  sampleRate: number,
  channels: number,
  now: () => number = () => performance.now(),
): { ms: number; cases: number; skipped: number; live: number } {
  const started = now();
  const all = casesOf(table);
  let skipped = 0;
  let live = 0;
  const rt = createRuntime({ sampleRate, channels, install: [...install, TEST_SIGNALS], fadeSeconds: 0, tiered: true, warmCalls: WARM_CALLS });
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
    for (let b = 0; b < BLOCKS; b++) {
      rt.render(out, 128);
      rt.warm(0, now);
    }
    if (!rt.warming) live++;
  }
  return { ms: now() - started, cases: all.length, skipped, live };
}
