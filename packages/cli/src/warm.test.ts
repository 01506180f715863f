import { casesOf } from '@aither/helper-kit/table';
import { CASES } from '@aither/helpers/cases';
import { describe, expect, it } from 'vitest';
import { warmHelpers } from './warm.js';

describe('warmHelpers', () => {
  it('evaluates and renders every case of the helpers’ table on its closures, then on its loop, skipping none, in mono and stereo', () => {
    const all = casesOf(CASES).length;
    expect(all).toBeGreaterThan(50);
    for (const channels of [1, 2]) expect(warmHelpers(48000, channels)).toMatchObject({ cases: all, skipped: 0, live: all });
  });
});
