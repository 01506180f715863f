import { loopOf } from '@aither/helper-kit';
import { describe, expect, it } from 'vitest';
import { runtime } from './test-support.js';

// Every helper is checked written in, and its loop kept over an identical
// reload, by the conformance suite (conformance.test.ts); these are the cases
// its table does not show: a table whose numbers or signals decide the loop.
describe('compiled helpers', () => {
  it('gives a table of numbers that changed on reload a new loop that plays the new values', () => {
    const rt = runtime();
    rt.evaluate(`play('w', wave(1, [0.25, 0.5]), 0);`);
    const before = loopOf(rt);
    rt.evaluate(`play('w', wave(1, [0.25, 0.75]), 0);`);
    expect(loopOf(rt)).not.toBe(before);
    const out = new Float32Array(48000);
    rt.render(out, 48000); // the phase continues from frame 0: first half-second step 0, then step 1
    expect([out[100], out[47000]]).toEqual([0.25, 0.75]);
  });

  it('keeps a table of signals as a closure (it computes only the current step), so its signal renders frame by frame', () => {
    const rt = runtime();
    rt.evaluate(`play('w', wave(2, [osc(220), saw(110)]));`);
    expect(rt.stats()).toMatchObject({ signals: 1, compiledSignals: 0 });
  });
});
