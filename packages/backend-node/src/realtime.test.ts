// Real time: a PulseAudio null sink plays at the system clock's pace, and its monitor is what it played.
import { blockOnce, heardTake, playSine, pulseRig } from '@aither/sink-kit/pulse-rig';
import { describe, expect, it } from 'vitest';
import { PortAudioSink } from './index.js';

const rig = pulseRig();

// Underruns and whether the monitor holds every sample are printed, not asserted: the null sink
// takes audio in bursts of 10-30 ms while PortAudio's own buffer here is about 11 ms, so the
// device runs dry now and then (on a quiet machine 8 blocks, 43 ms, played clean take after take;
// on a 2-core machine shared with other test runs no latency did). What is asserted holds on a
// busy machine too: the device's pace, and the device playing the rendered samples exactly.
describe('PortAudioSink in real time, on a PulseAudio null sink', () => {
  for (const latencyBlocks of [3, 8]) {
    it(`plays 3 s of 440 Hz at ${latencyBlocks} blocks at the device's pace, the device playing the samples exactly`, async () => {
      const sink = new PortAudioSink({ device: 'aither_pulse', latencyBlocks });
      const take = await playSine(rig, sink);
      const heard = heardTake(`portaudio ${latencyBlocks} blocks`, sink, take);
      // Never faster than the device; slower by what it lost in underruns (a third, seen under load).
      expect(take.pace).toBeGreaterThan(0.5);
      expect(take.pace).toBeLessThan(1.1);
      expect(heard.at, 'the monitor holds the sine').toBeGreaterThanOrEqual(0);
      expect(heard.firstWrong).toBe(-1);
    });
  }

  it('counts an underrun when a render blocks past its latency', async () => {
    const sink = new PortAudioSink({ device: 'aither_pulse' });
    const status = await blockOnce(sink, 100);
    expect(status.underruns).toBeGreaterThanOrEqual(1);
    expect(status.underrunFrames).toBeGreaterThan(1000);
  });
});
