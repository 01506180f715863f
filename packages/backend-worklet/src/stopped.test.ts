import { beforeAll, expect, it } from 'vitest';
import type { ProcessorInit } from './messages.js';
import { PROCESSOR_NAME } from './name.js';
import { allocation } from './test-support/allocation.js';
import { construct, loadBundle } from './test-support/fake-scope.js';
import { nodeClock } from './test-support/node-clock.js';

// A processor that has not been started (it outputs silence), as each one
// begins in a page: in a file of its own, because process() is optimised for
// the paths it has run, and one trained on rendering first deoptimises when
// it turns to silence, then takes ~100,000 calls to be optimised again.
const SR = 48000;
const INIT: ProcessorInit = { channels: 2, realtime: true, lateAfterMs: 10 };

let registered: Awaited<ReturnType<typeof loadBundle>>['registered'];
beforeAll(async () => {
  ({ registered } = await loadBundle(SR));
});

function quantum(init: ProcessorInit): () => void {
  const { processor } = construct(registered.get(PROCESSOR_NAME)!, init);
  const outputs = [[new Float32Array(128), new Float32Array(128)]];
  return () => {
    processor.process([], outputs, {});
  };
}

it('a stopped processor (silence) allocates nothing, on the shared clock and unmetered', async () => {
  const clock = await nodeClock();
  try {
    // A cheap call tiers up only after tens of thousands of calls: warm it up longer.
    const metered = await allocation(quantum({ ...INIT, clock: clock.buffer }), 240, 20);
    expect(metered.kinds).toEqual([]);
    expect(Math.abs(metered.perQuantum)).toBeLessThan(1);
    const unmetered = await allocation(quantum({ ...INIT, meters: false }), 240, 20);
    expect(unmetered.kinds).toEqual([]);
    expect(Math.abs(unmetered.perQuantum)).toBeLessThan(1);
  } finally {
    await clock.stop();
  }
}, 60_000);
