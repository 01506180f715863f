import { describe, expect, it } from 'vitest';
import * as helpers from './index.js';
import { CHAINS, runtime } from './test-support.js';

// Every helper of the library is a kernel: a chain made of them compiles into
// one loop (see @aither/core compile.ts). A helper that silently became a plain
// closure would still sound right but cost several times more; this catches it.
describe('compiled helpers', () => {
  it('covers every exported helper', () => {
    const exported = Object.keys(helpers).filter((k) => typeof (helpers as Record<string, unknown>)[k] === 'function');
    expect(exported.filter((name) => !(name in CHAINS))).toEqual([]);
  });

  for (const [name, chain] of Object.entries(CHAINS)) {
    it(`${name}: a chain of it compiles into one loop`, () => {
      const rt = runtime(48000, 2);
      rt.evaluate(`const x = osc(220); play('h', ${chain});`);
      expect(rt.stats().compiledSignals).toBe(1);
      const out = new Float32Array(256 * 2);
      rt.render(out, 256);
      expect(rt.drainErrors()).toEqual([]);
    });
  }

  it('keeps a table of signals as a closure (it computes only the current step), so its signal renders frame by frame', () => {
    const rt = runtime();
    rt.evaluate(`play('w', wave(2, [osc(220), saw(110)]));`);
    expect(rt.stats()).toMatchObject({ signals: 1, compiledSignals: 0 });
  });
});
