import { describe, it } from 'vitest';

describe('slow modulation', () => {
  // `slowModulationGcs('pluck(220, slow, 0.99)', { install: [physical] })` (from
  // @aither/helper-kit): `slow` rises above 0 again 10 s in, pluck's refill of its
  // line first runs then, long after V8 optimised the loop, and leaves it
  // allocating: 3–7 GCs per 60 s, in every run. A known defect, listed until fixed.
  it.todo('a pluck retriggered by a 0.1 Hz LFO renders 60 s with no GC at all, in three fresh runtimes');
});
