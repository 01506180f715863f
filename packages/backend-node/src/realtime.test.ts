// Real time: a PulseAudio null sink plays at the system clock's pace, and its monitor is what it played.
import { alignment, firstDifference } from '@aither/sink-kit/conformance';
import { playSine, pulseRig } from '@aither/sink-kit/pulse-rig';
import { describe, expect, it } from 'vitest';
import { PortAudioSink } from './index.js';

const rig = pulseRig();
// The null sink mixes in 16 bits: each sample comes back within a step or two of what was sent.
const TOLERANCE = 2 / 32768;

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
      const at = alignment(take.monitor, take.sine.subarray(0, 24000), TOLERANCE);
      const differs = at < 0 ? 0 : firstDifference(take.monitor.subarray(at, at + take.sine.length), take.sine, TOLERANCE);
      const whole = differs === -1 ? 'all of it' : `up to frame ${differs >> 1} of ${take.sine.length >> 1}`;
      console.info(
        `portaudio ${latencyBlocks} blocks: latency ${sink.latencyFrames} frames (${(((sink.latencyFrames / 48) * 10) | 0) / 10} ms); at most ${take.aheadFrames} frames rendered ahead of the clock; pace ${take.pace.toFixed(3)}; PulseAudio: ${take.pulse}; underruns ${take.status.underruns} (${take.status.underrunFrames} frames); the monitor holds the sine exactly: ${whole}`,
      );
      // Never faster than the device; slower by what it lost in underruns (a third, seen under load).
      expect(take.pace).toBeGreaterThan(0.5);
      expect(take.pace).toBeLessThan(1.1);
      expect(at, 'the monitor holds the sine').toBeGreaterThanOrEqual(0);
      expect(firstDifference(take.monitor.subarray(at, at + 24000), take.sine.subarray(0, 24000), TOLERANCE)).toBe(-1);
    });
  }

  it('counts an underrun when a render blocks past its latency', async () => {
    const sink = new PortAudioSink({ device: 'aither_pulse' });
    let calls = 0;
    await sink.start(() => {
      if (++calls === 100) {
        const until = performance.now() + 100;
        while (performance.now() < until);
      }
    });
    while (calls < 200) await new Promise((r) => setTimeout(r, 10));
    await sink.stop();
    expect(sink.status().underruns).toBeGreaterThanOrEqual(1);
    expect(sink.status().underrunFrames).toBeGreaterThan(1000);
  });
});
