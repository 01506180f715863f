import { createRuntime } from '@aither/core';
import { describe, expect, it } from 'vitest';
import * as helpers from './index.js';
import { render } from './test-support.js';

/**
 * An installation plays for weeks: 2^31 frames at 48 kHz is 12.4 hours, 2^32
 * is 24.9. Nothing may depend on the clock fitting in 32 bits (a `| 0`, a
 * stamp compared as an int, a ring index). The runtime's `startFrame` option
 * starts the clock late, so a render can cross those frames in a test.
 */
const SESSION = `
  const beat = clock(120, 4);
  play('seed', pipe(osc(440), x => lowpass(x, 800), x => tremolo(x, 5, 0.8), x => delay(x, 0.01, 0.25), x => gain(x, 0.3)));
  play('bass', pipe(saw(seq([55, 82.5, 73.4], beat)), x => lpf(x, 500, 0.6), x => gain(x, decay(beat, 8)), x => gain(x, 0.3)));
  play('air', pipe(noise(), x => hpf(x, 6000), x => pan(x, 0.3), x => limiter(x, -6), x => gain(x, 0.1)));
  const hat = decay(beat, 30);
  play('hats', s => hat(s) * 0.1);
`;

function take(startFrame: number, frames: number): Float32Array {
  const rt = createRuntime({ sampleRate: 48000, channels: 2, startFrame, install: [helpers] });
  rt.evaluate(SESSION);
  const out = render(rt, frames);
  expect(rt.drainErrors()).toEqual([]);
  expect(rt.frame).toBe(startFrame + frames);
  return out;
}

describe('a session playing for days', () => {
  // 2 s either side of each boundary; the offset is a multiple of 128 frames, so every
  // helper that works on a frame grid (the limiter's 16-frame envelope) sees the same grid.
  const frames = 4 * 48000;
  const reference = take(0, frames);
  for (const [name, boundary] of [
    ['2^31', 2 ** 31],
    ['2^32', 2 ** 32],
  ] as const) {
    it(`renders across ${name} frames bit-identically to the same session started at frame 0`, () => {
      const start = boundary - frames / 2;
      expect(start % 128).toBe(0);
      const late = take(start, frames);
      expect(late.reduce((m, v) => Math.max(m, Math.abs(v)), 0)).toBeGreaterThan(0.05);
      // The first sample that differs (a diff of 384,000 samples would be unreadable).
      const differs = late.findIndex((v, i) => !Object.is(v, reference[i]));
      expect(differs === -1 ? 'identical' : `sample ${differs}: ${late[differs]} vs ${reference[differs]}`).toBe('identical');
    });
  }
});
