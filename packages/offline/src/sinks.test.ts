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
  it('pulls at real-time pace: 0.3 s of frames (or counted silence) in 0.3 s, never more than its latency ahead', async () => {
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
    const { framesRendered: frames, underrunFrames } = sink.status();
    // What it rendered and the silence it counted make up the time that passed (less the last tick's wait).
    expect((frames + underrunFrames) / 48000).toBeGreaterThan(seconds - 0.05);
    expect(frames / 48000).toBeLessThanOrEqual(seconds + sink.latencyFrames / 48000);
    expect(ahead).toBeLessThanOrEqual(sink.latencyFrames + 128);
  });

  it('counts a render that comes late past its latency as one underrun of the frames the clock played meanwhile', async () => {
    // The device's clock jumps 100 ms during the 20th render, as if that render had taken so long.
    let stall = 0;
    const sink = new NullSink({ sampleRate: 48000, channels: 1, blockFrames: 128, latencyBlocks: 8, now: () => performance.now() + stall });
    const heard: number[] = [];
    let calls = 0;
    await sink.start(
      () => {
        if (++calls === 20) stall += 100;
      },
      { underrun: (frames) => heard.push(frames) },
    );
    await new Promise((r) => setTimeout(r, 300));
    await sink.stop();
    const { underruns, underrunFrames } = sink.status();
    expect(underruns).toBe(heard.length);
    expect(heard.reduce((a, b) => a + b, 0)).toBe(underrunFrames);
    // 100 ms late with 1024 frames (21.3 ms) queued: 78.7 ms of silence, plus the timer's own lateness.
    const worst = Math.max(...heard) / 48;
    expect(worst).toBeGreaterThanOrEqual(78.6);
    expect(worst).toBeLessThan(100);
  });
});
