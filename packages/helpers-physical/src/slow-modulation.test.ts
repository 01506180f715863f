import { slowModulationGcs } from '@aither/helper-kit';
import { describe, expect, it } from 'vitest';
import * as physical from './index.js';

// `slow` rises above 0 again 10 s in and plucks (or strikes) then, in the loop's steady copies,
// long after V8 optimised the loop: the first pluck, at frame 0, ran in the fading copy. A
// refill written into the step had no type feedback there and deoptimised the loop: 1–10 GCs
// per 60 s in nearly every run. Called every frame, pluckRefill and bellStrike are warm in
// every copy. (Each case first of its helper in this file's process: see late-pluck.test.ts.)
describe('slow modulation', () => {
  it('a pluck retriggered by a 0.1 Hz LFO renders 60 s with no GC at all, in three fresh runtimes', async () => {
    expect(await slowModulationGcs('pluck(220, slow, 0.99)', { install: [physical] })).toEqual([0, 0, 0]);
  }, 180_000);

  it('a bell retriggered by a 0.1 Hz LFO renders 60 s with no GC at all, in three fresh runtimes', async () => {
    expect(await slowModulationGcs('bell(200, slow, 3)', { install: [physical] })).toEqual([0, 0, 0]);
  }, 180_000);
});
