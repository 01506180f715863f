import { slowModulationGcs } from '@aither/helper-kit';
import { describe, expect, it } from 'vitest';
import * as physical from './index.js';

describe('slow modulation', () => {
  // `slow` rises above 0 again 10 s in, and plucks the string then: its refill first runs in the
  // loop's steady copies long after V8 optimised the loop (the first pluck, at frame 0, ran in the
  // fading copy). Written into the step, the refill had no type feedback there and deoptimised the
  // loop: 3–7 GCs per 60 s in every run. pluckRefill, called every frame, is warm wherever it runs.
  it('a pluck retriggered by a 0.1 Hz LFO renders 60 s with no GC at all, in three fresh runtimes', async () => {
    expect(await slowModulationGcs('pluck(220, slow, 0.99)', { install: [physical] })).toEqual([0, 0, 0]);
  }, 180_000);
});
