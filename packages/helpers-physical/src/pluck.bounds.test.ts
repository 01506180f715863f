import { claimStateBlock, createRuntime, onBind, type Runtime } from '@aither/core';
import { describe, expect, it } from 'vitest';
import { pluck } from './index.js';

// pluck reads its string one period back. When the period lands a hair above
// a whole number of samples, `w − period` is a hair below 0 and adding the
// line's length rounds to the length itself: that position is index 0, not
// the slot after the line. The string sits between two guard blocks of NaN:
// a read past its line makes the output NaN (muted and reported), a write
// past it changes a guard.

const GUARD = 64;

function guard(rt: Runtime, name: string): { at: number } {
  const g = { at: -1 };
  onBind('guard', (s) => {
    g.at = claimStateBlock(s, 'guard', GUARD);
  });
  rt.register(name, () => 0, { fadeSeconds: 0 });
  rt.debug().helperPool.memory.fill(NaN, g.at, g.at + GUARD);
  return g;
}

/** Whole periods N (2 .. 2000) whose pitch sr / (N + 0.5) gives back a period just above N. */
function justAbove(sr: number): number[] {
  const len = Math.ceil(sr / 20) + 2;
  const found: number[] = [];
  for (let n = 2; n < 2000; n++) {
    const period = sr / (sr / (n + 0.5)) - 0.5;
    if (period > n && n - period + len === len) found.push(n);
  }
  return found;
}

describe('pluck stays inside its block', () => {
  for (const sr of [44100, 48000]) {
    it(`reads only its own line at ${sr} Hz, for every whole period that lands just above itself`, () => {
      const periods = justAbove(sr);
      expect(periods.length).toBeGreaterThan(10);
      for (const n of periods) {
        const rt = createRuntime({ sampleRate: sr, channels: 1 });
        const low = guard(rt, 'low');
        rt.register('string', pluck(sr / (n + 0.5)), { fadeSeconds: 0 });
        const high = guard(rt, 'high');
        const out = new Float32Array(256);
        for (let f = 0; f <= n + 256; f += 256) rt.render(out, 256);
        expect([n, rt.drainErrors()]).toEqual([n, []]);
        const m = rt.debug().helperPool.memory;
        for (const g of [low, high]) for (let k = 0; k < GUARD; k++) expect(Number.isNaN(m[g.at + k])).toBe(true);
      }
    }, 60_000);
  }
});
