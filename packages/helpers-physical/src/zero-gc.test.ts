import { gcEvents, runtimeFor } from '@aither/helper-kit';
import { describe, expect, it } from 'vitest';
import * as physical from './index.js';

describe('a session of this package', () => {
  // Counted, not skipped: gcEvents throws when gc is not exposed.
  it('renders 60 s of a stereo pluck and bell with no GC at all', async () => {
    const rt = runtimeFor({ install: [physical] });
    rt.evaluate(`register('harp', pluck(196, 0, 0.99), { channels: 2 }); register('chime', bell(660, 0, 2), { channels: 2 });`);
    expect(await gcEvents(rt, 2, 60)).toBe(0);
    expect(rt.drainErrors()).toEqual([]);
  }, 60_000);
});
