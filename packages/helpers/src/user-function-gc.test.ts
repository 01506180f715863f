import { describe, expect, it } from 'vitest';
import { gcEvents, runtime } from './test-support.js';

// Signals written as the user's own functions calling helpers are rendered
// frame by frame, interleaved (their loops call the function each frame). Each
// such loop must be a function of its own to V8: loops of the same text would
// share the feedback of their call of the user's function, which then sees
// every signal's function, is no longer inlined, and boxes each double it
// returns (an allocation per frame). Counted at each size, for functions
// written one by one and for one function literal made in a loop.
const COUNTS = [1, 2, 4, 8, 16];

/** `n` user-function signals, each its own function literal. */
const separate = (n: number) =>
  Array.from({ length: n }, (_, i) => `const k${i} = osc(${220 + 10 * i}); const e${i} = decay(phasor(${2 + i}), 8); register('u${i}', s => k${i}(s) * e${i}(s) * 0.05);`).join(
    '\n',
  );

/** `n` user-function signals made by one literal. */
const looped = (n: number) =>
  `for (let i = 0; i < ${n}; i++) { const kick = osc(220 + 10 * i); const env = decay(phasor(2 + i), 8); register('u' + i, s => kick(s) * env(s) * 0.05); }`;

describe('user-function signals allocate nothing at any count', () => {
  for (const [shape, code] of [
    ['written one by one', separate],
    ['made by one literal', looped],
  ] as const) {
    for (const n of COUNTS) {
      it(`${n} signal${n > 1 ? 's' : ''} ${shape}: no GC event over 20 s`, async () => {
        const rt = runtime(48000, 1);
        rt.evaluate(code(n));
        expect(rt.stats()).toMatchObject({ signals: n, compiledSignals: 0 });
        expect(await gcEvents(rt, 2, 20)).toBe(0);
        expect(rt.drainErrors()).toEqual([]);
      });
    }
  }
});
