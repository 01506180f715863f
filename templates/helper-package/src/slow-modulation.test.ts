import { slowModulationGcs } from '@aither/helper-kit';
import { describe, expect, it } from 'vitest';
import * as mine from './index.js';

describe('slow modulation', () => {
  // `slow` first turns negative 5 s in, long after V8 optimised the loop: a
  // branch only a negative shift takes (`if (moved < 0) moved += 1`) would first
  // run then, deoptimise the loop and leave it allocating in some runs.
  it('a shift moved by a 0.1 Hz LFO renders 60 s with no GC at all, in three fresh runtimes', async () => {
    expect(await slowModulationGcs('ring(x, 220, slow)', { install: [mine] })).toEqual([0, 0, 0]);
  }, 180_000);
});
