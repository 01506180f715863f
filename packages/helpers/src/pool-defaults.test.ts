import { createRuntime } from '@aither/core';
import { describe, expect, it } from 'vitest';
import * as helpers from './index.js';

const CHAIN = `pipe(osc(440), x => lowpass(x, 800), x => tremolo(x, 5, 0.8), x => delay(x, 0.5, 0.25), x => gain(x, 0.4))`;

describe('the default helper pool', () => {
  it('holds 64 seed chains at 48 kHz, stereo, without growing, and every one sounds', () => {
    const rt = createRuntime({ sampleRate: 48000, channels: 2, install: [helpers] });
    const size = rt.stats().helperSlotsFree;
    rt.evaluate(Array.from({ length: 64 }, (_, i) => `play('seed${i}', ${CHAIN});`).join('\n'));
    const stats = rt.stats();
    expect(stats.signals).toBe(64);
    // 24,525 slots a chain, 78 chains' worth in the default pool.
    expect(stats.helperSlotsUsed).toBe(64 * 24525);
    expect(stats.helperSlotsUsed + stats.helperSlotsFree).toBe(size);
    rt.meterSignals(true);
    const out = new Float32Array(128 * 2);
    // The delay hands the chain on a quarter of a second late.
    for (let i = 0; i < 120; i++) rt.render(out, 128);
    const levels = Object.values(rt.levels());
    expect(levels.filter((level) => level > 0.01).length).toBe(64);
  });
});
