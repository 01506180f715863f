import { gcEvents, runtimeFor } from '@aither/helper-kit';
import { describe, expect, it } from 'vitest';
import * as mine from './index.js';

describe('a session of this package', () => {
  // Counted, not skipped: gcEvents throws when gc is not exposed (vitest.config.ts exposes it).
  it('renders 60 s of stereo audio with no GC at all', async () => {
    const rt = runtimeFor({ install: [mine] });
    rt.evaluate(`const x = testInput(); register('r', ring(ring(x, 30), 7, 0.1), { channels: 2 });`);
    expect(await gcEvents(rt, 2, 60)).toBe(0);
    expect(rt.drainErrors()).toEqual([]);
  }, 60_000);
});
