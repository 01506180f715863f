import { slowModulationGcs } from '@aither/helper-kit';
import { describe, expect, it } from 'vitest';
import * as physical from './index.js';

// A string plucked at its first frame and then only 5 s later (`-slow` turns positive then):
// V8 gives a function type feedback only after it has run a while, so a refill that first ran
// at frame 0 had none for its own code, and the pluck 5 s in deoptimised the loop it was
// inlined into. pluck.ts and bell.ts pluck and strike scratch memory at load. Each case is the
// first of its helper in this file's process (vitest runs each file in a process of its own),
// as a host's first bell is: a process that has struck a bell before has the feedback already.
describe('a pluck or strike long after the first', () => {
  it('a pluck plucked again only 5 s in renders 60 s with no GC at all, in three fresh runtimes', async () => {
    expect(await slowModulationGcs('pluck(220, testGain(slow, -1), 0.99)', { install: [physical] })).toEqual([0, 0, 0]);
  }, 180_000);

  it('a bell struck again only 5 s in renders 60 s with no GC at all, in three fresh runtimes', async () => {
    expect(await slowModulationGcs('bell(200, testGain(slow, -1), 3)', { install: [physical] })).toEqual([0, 0, 0]);
  }, 180_000);
});
