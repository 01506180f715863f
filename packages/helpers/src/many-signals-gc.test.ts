import { createRuntime } from '@aither/core';
import { describe, expect, it } from 'vitest';
import * as helpers from './index.js';
import { gcEvents } from './test-support.js';

// Many signals, each its own loop (or all in one mix): once V8 has optimised every loop, a block
// allocates nothing. Each loop is called once a block, so the warm-up is counted in audio (3 s:
// some hundreds of calls each), not in wall time.
const seed = (i: number) => `pipe(osc(${(220 * 2 ** (i / 32)).toFixed(3)}), x => lowpass(x, 800), x => tremolo(x, 5, 0.8), x => delay(x, 0.5, 0.25), x => gain(x, 0.01))`;

describe('many signals allocate nothing once warm', () => {
  for (const [label, signals, code] of [
    ['128 separate seed chains', 128, Array.from({ length: 128 }, (_, i) => `play('v${i}', ${seed(i)});`).join('\n')],
    ['64 seed chains in one mix', 1, `play('mix', mix(${Array.from({ length: 64 }, (_, i) => seed(i)).join(', ')}));`],
  ] as const) {
    it(`${label}: no GC event over 10 s`, async () => {
      const rt = createRuntime({ sampleRate: 48000, channels: 1, install: [helpers], helperPoolSize: 1 << 24 });
      expect(rt.evaluate(code).registered).toHaveLength(signals);
      expect(rt.stats()).toMatchObject({ signals, compiledSignals: signals });
      expect(await gcEvents(rt, 3, 10)).toBe(0);
      expect(rt.drainErrors()).toEqual([]);
    }, 60_000);
  }
});
