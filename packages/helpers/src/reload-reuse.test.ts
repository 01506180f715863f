import { createRuntime, type Runtime, verifyFingerprints } from '@aither/core';
import { casesOf, PRELUDE, TEST_SIGNALS } from '@aither/helper-kit/table';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASES } from './cases.js';
import * as helpers from './index.js';

// A reload re-runs the whole session, so every helper is built anew; the
// compiler skips a signal whose graph reads the same (its fingerprint) and
// keeps its loop. These tests check that it is skipped exactly when nothing
// changed, with the runtime comparing every skip against a full compile.

type Loops = Map<string, { run: unknown }>;

/** Each signal's loop (the function the mixer runs), by name. */
function loops(rt: Runtime): Map<string, unknown> {
  const records = (rt.debug().registry as unknown as { records: Loops }).records;
  return new Map([...records].map(([name, r]) => [name, r.run]));
}

function runtime(channels = 2): Runtime {
  return createRuntime({ sampleRate: 48000, channels, install: [helpers, TEST_SIGNALS], fadeSeconds: 0 });
}

/** The names whose loop is another object than before. */
function recompiled(before: Map<string, unknown>, after: Map<string, unknown>): string[] {
  return [...after].filter(([name, loop]) => before.get(name) !== loop).map(([name]) => name);
}

const voices = (edited: number, hz: number) =>
  Array.from({ length: 64 }, (_, i) => `play('v${i}', pipe(saw(${i === edited ? hz : 110 + i}), x => lpf(x, 800, 0.4), x => gain(x, 0.01)));`).join('\n');

beforeAll(() => verifyFingerprints(true));
afterAll(() => verifyFingerprints(false));

describe('a reload recompiles only what changed', () => {
  it('one pitch changed in 64 voices: one loop compiled, 63 kept', () => {
    const rt = runtime();
    const out = new Float32Array(256 * 2);
    rt.evaluate(voices(-1, 0));
    rt.render(out, 256);
    const before = loops(rt);
    rt.evaluate(voices(5, 220));
    expect(recompiled(before, loops(rt))).toEqual(['v5']);
    const same = loops(rt);
    rt.evaluate(voices(5, 220));
    expect(recompiled(same, loops(rt))).toEqual([]);
    expect(rt.drainErrors()).toEqual([]);
  });

  it('a number equal as a double but another value (-0 for 0) is a change', () => {
    const rt = runtime(1);
    rt.evaluate(`play('a', gain(osc(440), 0));`);
    const before = loops(rt);
    rt.evaluate(`play('a', gain(osc(440), -0));`);
    expect(recompiled(before, loops(rt))).toEqual(['a']);
  });

  it('a signal sharing a helper with another that stops is compiled again (it alone touches the block now)', () => {
    const rt = runtime(1);
    rt.evaluate(`const l = osc(3); play('a', gain(osc(440), l)); play('b', gain(osc(550), l));`);
    rt.render(new Float32Array(128), 128);
    const before = loops(rt);
    rt.evaluate(`const l = osc(3); play('a', gain(osc(440), l));`);
    rt.render(new Float32Array(128), 128);
    expect(recompiled(before, loops(rt))).toEqual(['a']);
  });

  // Every helper's cases, reloaded unchanged and then with each of its numbers nudged: the runtime
  // compiles every skipped loop anyway and throws if it would differ (verifyFingerprints).
  for (const [name, code] of casesOf(CASES)) {
    it(`${name}: unchanged reloads keep the loop; a nudged number compiles it again`, () => {
      const rt = runtime();
      const session = (c: string) => `${PRELUDE} play('a', ${c}); play('b', gain(${c}, 0.5));`;
      rt.evaluate(session(code));
      rt.render(new Float32Array(256 * 2), 256);
      const before = loops(rt);
      rt.evaluate(session(code));
      expect(recompiled(before, loops(rt))).toEqual([]);
      const numbers = [...code.matchAll(/\d+(\.\d+)?/g)];
      for (const n of numbers) {
        const nudged = `${code.slice(0, n.index)}${Number(n[0]) + 1}${code.slice(n.index! + n[0].length)}`;
        rt.evaluate(session(nudged));
        rt.render(new Float32Array(256 * 2), 256);
      }
      expect(rt.drainErrors()).toEqual([]);
    });
  }
});
