import { createRuntime } from '@aither/core';
import { casesOf, type HelperTable } from './fixture.js';
import { PRELUDE, TEST_SIGNALS } from './inputs.js';

/** Blocks each warm-up signal renders: enough for every helper's code to have run, far from optimised loops. */
const BLOCKS = 24;

/** Blocks each case plays on its closures before its loop warms. */
const CLOSURE_BLOCKS = 16;

/** Signals faded in and out on their closures after the cases. */
const FADES = 3;

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
  const rt = createRuntime({ sampleRate, channels, install: [...install, TEST_SIGNALS], tiered: true, warmCalls: WARM_CALLS });
  const out = new Float32Array(128 * channels);
  // First, what a live session does to signals still on their closures, which no case below
  // does (each goes live on its loop before the next replaces it, alone in the mix): they fade
  // in, mixed into others and last in the mix (written straight to the output), mono and
  // stereo, read a kernel twice a frame, are dropped by the next evaluation, fade out and stop.
  // Code first run after V8 optimised its function deoptimises it; the closure tier's runner
  // and a kernel's memory are one function for every signal, inlined into every evaluator
  // the cases below warm, so these paths run before any of them is optimised.
  for (let k = 1; k <= FADES; k++) {
    // Each a new loop (a new constant), so each plays on its closures; two of each width, so
    // that each is mixed into the others whichever the mixer writes last; each reads one
    // kernel twice a frame (computed once, then recalled).
    const pair = (name: string, width: number) =>
      [1, 2].map((n) => `{ const t = testInput(); register('${name}${n}', testGain(t, testGain(t, ${(n * k) / 1000})), { channels: ${width} }); }`).join('\n');
    rt.evaluate(`${PRELUDE}\n${pair('mono', 1)}\n${pair('wide', channels)}`);
    rt.render(out, 128);
    rt.evaluate('');
    for (let b = 0; b < 4; b++) rt.render(out, 128);
  }
  for (const [i, [, code]] of all.entries()) {
    // One signal at a time, each in its own evaluation: the pool holds at most two cases (one fading out).
    try {
      rt.evaluate(`${PRELUDE}\nplay('w${i}', ${code});`);
    } catch {
      // A case this host cannot run is skipped: warming is never an error.
      skipped++;
      continue;
    }
    // On its closures first, long enough for V8 to optimise its helpers' evaluators (one per
    // step, shared by every instance: what a live host's new signal plays on), then on its loop.
    for (let b = 0; b < CLOSURE_BLOCKS; b++) rt.render(out, 128);
    for (let b = 0; b < BLOCKS; b++) {
      rt.render(out, 128);
      rt.warm(0, now);
    }
    if (!rt.warming) live++;
  }
  return { ms: now() - started, cases: all.length, skipped, live };
}
