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

  // A reload that leaves a signal's code unchanged must keep its compiled loop:
  // V8 has optimised it, and a fresh one would start cold in the interpreter
  // (a 64-signal reload then overran several 2.7 ms blocks). That needs steps
  // that capture nothing of their instance (tables of numbers: one step per table).
  for (const [name, chain] of Object.entries(CHAINS)) {
    it(`${name}: an identical reload keeps the signal's compiled loop`, () => {
      const rt = runtime(48000, 2);
      const session = `const x = osc(220); play('h', gain(${chain}, 0.5));`;
      rt.evaluate(session);
      const loop = () => (rt as unknown as { mixer: { list: Array<{ run: unknown }> } }).mixer.list[0]!.run;
      const before = loop();
      rt.evaluate(session);
      expect(loop()).toBe(before);
      rt.evaluate(session.replace('0.5))', '0.6))')); // changed code gets a new loop
      expect(loop()).not.toBe(before);
    });
  }

  it('gives a table of numbers that changed on reload a new loop that plays the new values', () => {
    const rt = runtime();
    rt.evaluate(`play('w', wave(1, [0.25, 0.5]), 0);`);
    const loop = () => (rt as unknown as { mixer: { list: Array<{ run: unknown }> } }).mixer.list[0]!.run;
    const before = loop();
    rt.evaluate(`play('w', wave(1, [0.25, 0.75]), 0);`);
    expect(loop()).not.toBe(before);
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
