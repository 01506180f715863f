import { describe, expect, it } from 'vitest';
import { zeroCrossingHz } from './measure.js';

const SR = 48000;
const sine = (hz: number, frames: number, phase = 0) => Float64Array.from({ length: frames }, (_, i) => Math.sin(2 * Math.PI * hz * (i / SR) + phase));

describe('zeroCrossingHz', () => {
  it('reads a sine to within 0.01 Hz over a second', () => {
    expect(Math.abs(zeroCrossingHz(sine(440, SR, 1), SR) - 440)).toBeLessThan(0.01);
    expect(Math.abs(zeroCrossingHz(sine(97.3, SR, 2), SR) - 97.3)).toBeLessThan(0.01);
  });

  it('reads one channel of interleaved audio, from a given frame', () => {
    const left = sine(220, SR);
    const right = sine(330, SR, 0.5);
    const both = new Float32Array(2 * SR);
    for (let i = 0; i < SR; i++) {
      both[2 * i] = left[i]!;
      both[2 * i + 1] = i < SR / 2 ? 0 : right[i]!;
    }
    expect(zeroCrossingHz(both, SR, 2, 0)).toBeCloseTo(220, 1);
    expect(zeroCrossingHz(both, SR, 2, 1, SR / 2)).toBeCloseTo(330, 1);
    // Frames before `from` are not read: the first half of the right channel is silence.
    expect(zeroCrossingHz(both, SR, 2, 1, SR / 2)).toBeCloseTo(zeroCrossingHz(both.subarray(SR), SR, 2, 1), 6);
  });

  it('places each rising crossing between its samples by linear interpolation, exactly', () => {
    // Crossings at 0 + 1/4, 3 + 2/3 and 6 + 3/4: two periods over 6.5 frames.
    expect(zeroCrossingHz(Float64Array.of(-1, 3, -2, -2, 1, -1, -3, 1), 1300)).toBe(400);
    // A sample of exactly 0 before a positive one is a crossing at that sample (here at 0 and 3).
    expect(zeroCrossingHz(Float64Array.of(0, 1, -1, 0, 1), 3)).toBe(1);
  });

  it('reads whole frames only: a partial frame at the end is not read', () => {
    // Channel 0 is -1, 1, -1 and a last sample 1 of a frame that is not there: one crossing.
    expect(zeroCrossingHz(Float64Array.of(-1, 0, 1, 0, -1, 0, 1), SR, 2)).toBe(0);
    expect(zeroCrossingHz(Float64Array.of(-1, 0, 1, 0, -1, 0, 1, 0), SR, 2)).toBe(SR / 2);
  });

  it('is 0 without two rising crossings', () => {
    expect(zeroCrossingHz(new Float32Array(100), SR)).toBe(0);
    expect(zeroCrossingHz(Float64Array.of(-1, 1, 1, 1), SR)).toBe(0);
  });
});
