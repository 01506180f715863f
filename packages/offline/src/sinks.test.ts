import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeSink } from '@aither/sink-kit/conformance';
import { describe, expect, it } from 'vitest';
import { fromWav, NullSink, OfflineSink, WavSink } from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'aither-sinks-'));
let files = 0;

describeSink('offline', { make: (o) => new OfflineSink({ ...o, frames: 24000 }), finite: true });
describeSink('null', { make: (o) => new NullSink(o) });
describeSink('wav', {
  make: (o) => new WavSink({ ...o, file: join(dir, `take-${files++}.wav`) }),
  played: async (sink) => fromWav(readFileSync((sink as WavSink).file)).samples,
});

describe('NullSink pacing', () => {
  it('pulls at real-time pace: about 0.3 s of frames in 0.3 s, never more than its latency ahead', async () => {
    const sink = new NullSink({ sampleRate: 48000, channels: 1, blockFrames: 128, latencyBlocks: 4 });
    const started = performance.now();
    let ahead = 0;
    await sink.start(() => {
      const played = ((performance.now() - started) * 48000) / 1000;
      ahead = Math.max(ahead, sink.status().framesRendered + 128 - played);
    });
    await new Promise((r) => setTimeout(r, 300));
    await sink.stop();
    const seconds = (performance.now() - started) / 1000;
    const frames = sink.status().framesRendered;
    expect(frames / 48000).toBeGreaterThan(seconds - 0.1);
    expect(frames / 48000).toBeLessThanOrEqual(seconds + sink.latencyFrames / 48000);
    expect(ahead).toBeLessThanOrEqual(sink.latencyFrames + 128);
  });

  it('counts a render that blocks past its latency as an underrun of the frames the clock played meanwhile', async () => {
    const sink = new NullSink({ sampleRate: 48000, channels: 1, blockFrames: 128, latencyBlocks: 2 });
    const heard: number[] = [];
    let calls = 0;
    await sink.start(
      () => {
        if (++calls === 20) {
          const until = performance.now() + 50;
          while (performance.now() < until);
        }
      },
      { underrun: (frames) => heard.push(frames) },
    );
    await new Promise((r) => setTimeout(r, 200));
    await sink.stop();
    const { underruns, underrunFrames } = sink.status();
    expect(underruns).toBeGreaterThanOrEqual(1);
    // 50 ms blocked with 256 frames (5.3 ms) queued: about 45 ms of silence heard.
    expect(underrunFrames / 48).toBeGreaterThan(30);
    expect(underrunFrames / 48).toBeLessThan(60);
    expect(heard.reduce((a, b) => a + b, 0)).toBe(underrunFrames);
  });
});
