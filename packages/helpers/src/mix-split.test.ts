import { createRuntime, type Runtime } from '@aither/core';
import { describe, expect, it } from 'vitest';
import * as helpers from './index.js';
import { gcEvents } from './test-support.js';

// A mix of many seed voices is one signal too big for V8 to optimise as one
// loop: the compiler splits it into loops that each are (core's split.ts).
// Here with the real helpers: the split signal sounds as its closures do, to
// the bit, and allocates nothing.

/** The seed's voice at its own pitch. */
const voice = (i: number) => `pipe(osc(${440 + 3 * i}), x => lowpass(x, 800), x => tremolo(x, 5, 0.8), x => delay(x, 0.5, 0.25), x => gain(x, ${0.4 / 8}))`;
const voices = (n: number) => `const v = [${Array.from({ length: n }, (_, i) => voice(i)).join(', ')}];`;

function runtime(): Runtime {
  return createRuntime({ sampleRate: 48000, channels: 1, install: [helpers], helperPoolSize: 1 << 22, fadeSeconds: 0 });
}

/** How many loops signal `name` renders in. */
function loops(rt: Runtime, name: string): number {
  const records = (rt.debug().registry as unknown as { records: Map<string, { compiled?: { loops: number } }> }).records;
  return records.get(name)!.compiled!.loops;
}

/** The first index where two arrays differ, or -1. */
function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
  return a.length === b.length ? -1 : a.length;
}

describe('a mix of many seed voices, split into loops', () => {
  for (const n of [16, 64]) {
    it(`${n} voices: the same samples and helper memory as through closures`, () => {
      const split = runtime();
      split.evaluate(`${voices(n)} play('v', mix(...v)); register('q', s => 0);`);
      const closures = runtime();
      closures.evaluate(`${voices(n)} const m = mix(...v); play('v', s => m(s)); register('q', s => 0);`);
      expect(loops(split, 'v')).toBeGreaterThan(1);
      const a = new Float32Array(28800);
      const b = new Float32Array(28800);
      split.render(a, 28800);
      closures.render(b, 28800);
      expect(firstDifference(a, b)).toBe(-1);
      expect(firstDifference(split.debug().helperPool.memory, closures.debug().helperPool.memory)).toBe(-1);
      expect(Math.max(...a.subarray(24000).map(Math.abs))).toBeGreaterThan(0.05);
    });
  }

  it('64 voices: no GC event over 20 s', async () => {
    const rt = runtime();
    rt.evaluate(`${voices(64)} play('v', mix(...v));`);
    expect(loops(rt, 'v')).toBeGreaterThan(1);
    expect(await gcEvents(rt, 2, 20)).toBe(0);
    expect(rt.drainErrors()).toEqual([]);
  });
});
