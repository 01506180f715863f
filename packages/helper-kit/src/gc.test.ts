import { createRuntime } from '@aither/core';
import { describe, expect, it } from 'vitest';
import { exposedGc, gcEvents } from './gc.js';

describe('exposedGc', () => {
  it('throws, saying how to expose gc, where there is none: a zero-GC check fails instead of skipping', () => {
    expect(() => exposedGc({})).toThrow('gc is not exposed: run the tests with node --expose-gc (vitest: pool "forks", execArgv ["--expose-gc"])');
    expect(exposedGc()).toBe((globalThis as { gc?: () => void }).gc);
  });
});

describe('gcEvents', () => {
  it('counts the collections of a signal that allocates per frame, and none for one that does not', async () => {
    const rt = (code: string) => {
      const r = createRuntime({ sampleRate: 48000, channels: 1 });
      r.evaluate(code);
      return r;
    };
    expect(await gcEvents(rt(`const box = { v: [0] }; register('a', (s) => { box.v = new Float64Array(64); return 0; });`), 1, 5)).toBeGreaterThan(2);
    expect(await gcEvents(rt(`register('z', (s) => 0.1 * Math.sin(s.t));`), 1, 5)).toBe(0);
  }, 60_000);
});
