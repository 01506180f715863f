import { createRuntime } from '@aither/core';
import { render } from '@aither/helper-kit';
import { describe, expect, it } from 'vitest';
import { ring } from './index.js';

describe('ring', () => {
  it('flips the sign of its input every half cycle of the carrier, from the shifted phase', () => {
    const rt = createRuntime({ sampleRate: 48000, channels: 1 });
    rt.register('r', ring(0.5, 100, 0.301), { fadeSeconds: 0 });
    const y = render(rt, 960); // two carrier cycles of 480 frames
    expect(rt.drainErrors()).toEqual([]);
    // Shifted 0.301 cycle: +0.5 while the phase is below 0.199 (frames 0..95), −0.5 up to 0.699 (..335), then again.
    expect([y[0], y[95], y[96], y[335], y[336], y[575], y[576]]).toEqual([0.5, 0.5, -0.5, -0.5, 0.5, 0.5, -0.5]);
  });
});
