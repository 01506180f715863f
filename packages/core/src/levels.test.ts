import { describe, expect, it } from 'vitest';
import { RING } from './binding.js';
import { METER_EVERY } from './mixer.js';
import { createRuntime } from './runtime.js';
import { kmul, kramp, renderFrames } from './test-support.js';

// A session of compiled signals (one of them last in the chunk, which would
// write the clipped mix itself), a signal of its own function, and a sum that
// clips: metering must change no sample, and each level must be the signal's own.
function session(meter: boolean) {
  const rt = createRuntime({ sampleRate: 48000, channels: 1, helperPoolSize: 4096, fadeSeconds: 0 });
  rt.meterSignals(meter);
  rt.play('ramp', kmul(kramp(3), 0.5), 0);
  rt.play('fn', (s) => 0.25 * Math.sin(2 * Math.PI * 440 * s.t), 0);
  rt.play('loud', kmul(kramp(5), 0.9), 0);
  return rt;
}

describe('per-signal levels', () => {
  it('change no sample of the mix', () => {
    expect(renderFrames(session(true), 48000, 128)).toEqual(renderFrames(session(false), 48000, 128));
  });

  it('give each signal its own largest |sample| since the previous read, then start again', () => {
    const rt = session(true);
    renderFrames(rt, 9600); // 0.2 s: the ramps reach 0.6·0.5 and 1·0.9 (5 Hz wraps once)
    const levels = rt.levels();
    expect(Object.keys(levels)).toEqual(['ramp', 'fn', 'loud']);
    // One chunk in METER_EVERY is measured: the rising ramps' peaks lie in the last few chunks.
    const stride = METER_EVERY * RING;
    expect(levels.ramp).toBeLessThanOrEqual((0.5 * 3 * 9599) / 48000);
    expect(levels.ramp).toBeGreaterThanOrEqual((0.5 * 3 * (9599 - stride)) / 48000);
    expect(levels.fn).toBeCloseTo(0.25, 3);
    expect(levels.loud).toBeGreaterThanOrEqual((0.9 * 5 * (9599 - stride)) / 48000);
    expect(levels.loud).toBeLessThan(0.9);
    rt.stop('fn', 0);
    renderFrames(rt, METER_EVERY * RING);
    expect(rt.levels().ramp).toBeGreaterThan(0.3);
    expect(rt.levels()).toEqual({ ramp: 0, loud: 0 });
  });

  it('measure both channels of a stereo chunk to its last frame (the peak in the second), and change no sample when signals go frame by frame', () => {
    // Two functions of their own: rendered frame by frame, interleaved, each frame at its own s.frame.
    const stereo = (meter: boolean) => {
      const rt = createRuntime({ sampleRate: 48000, channels: 2, fadeSeconds: 0 });
      rt.meterSignals(meter);
      rt.register('late', (s) => (s.frame % RING === RING - 1 ? (s.ch === 0 ? 0.5 : -0.75) : 0.125), { channels: 2, fadeSeconds: 0 });
      rt.register('steps', (s) => (s.ch === 0 ? s.frame : -s.frame) / 1024, { channels: 2, fadeSeconds: 0 });
      return rt;
    };
    expect(renderFrames(stereo(true), METER_EVERY * RING * 2)).toEqual(renderFrames(stereo(false), METER_EVERY * RING * 2));
    const rt = stereo(true);
    renderFrames(rt, RING);
    expect(rt.levels()).toEqual({ late: 0.75, steps: (RING - 1) / 1024 });
  });

  it('read nothing past a chunk shorter than the ring (what an earlier, longer chunk left there)', () => {
    const rt = createRuntime({ sampleRate: 48000, channels: 1, fadeSeconds: 0 });
    rt.meterSignals(true);
    rt.play('low', () => 0.125, 0);
    rt.play('high', () => 0.5, 0);
    renderFrames(rt, METER_EVERY * RING, RING);
    expect(rt.levels()).toEqual({ low: 0.125, high: 0.5 });
    renderFrames(rt, RING / 2, RING / 2); // the next measured chunk, half as long
    expect(rt.levels()).toEqual({ low: 0.125, high: 0.5 });
  });

  it('are 0 while metering is off', () => {
    const rt = session(false);
    renderFrames(rt, 4800);
    expect(rt.levels()).toEqual({ ramp: 0, fn: 0, loud: 0 });
  });
});
