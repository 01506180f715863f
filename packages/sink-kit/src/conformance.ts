// The suite every sink passes, applied in one line from the sink's own test:
// `describeSink('null', { make: (o) => new NullSink(o) })`. It plays a fixed
// session through the sink and compares with the offline render of the same
// session, block for block.
import { createRuntime, renderBlocks, type AudioSink, type Runtime, type SinkStatus } from '@aither/core';
import * as helpers from '@aither/helpers';
import { describe, expect, it } from 'vitest';
import { alignment, firstDifference } from './compare.js';

export { alignment, firstDifference } from './compare.js';

/** How the suite drives one kind of sink. */
export interface SinkFixture {
  /** A new sink at this rate and channel count (its other options at their defaults, unless the fixture chooses). */
  make(options: { sampleRate: number; channels: number }): AudioSink | Promise<AudioSink>;
  /**
   * What the device received since `make`, interleaved floats after the
   * sink's format conversion (a capture file, a WAV): compared with the
   * offline render within `tolerance`. Without it, only what the sink pulled is compared.
   */
  played?(sink: AudioSink): Promise<Float32Array>;
  /** Largest difference allowed between captured and rendered samples (0: bit-exact; 16-bit: 1/32768). */
  tolerance?: number;
  /** Makes the real device fail while it plays (e.g. its stream destroyed with an error). */
  breakDevice?(sink: AudioSink): void | Promise<void>;
  /** Whether the sink runs once to a fixed length (offline) instead of until stopped. */
  finite?: boolean;
  /** Per-test timeout, ms (real-time sinks play their frames at real pace). Default 20,000. */
  timeout?: number;
}

/** The session every sink plays: stereo, helpers with state, a modulated filter, so a dropped or repeated block shows. */
export const CONFORMANCE_SESSION = `
play('bass', pipe(saw(110), x => lpf(x, s => 900 + 600 * Math.sin(2 * Math.PI * 0.5 * s.t), 0.6), x => pan(x, -0.3), x => gain(x, 0.3)));
play('lead', pipe(pulse(660, 0.3), x => lowpass(x, 3000), x => pan(x, 0.4), x => gain(x, 0.15)));
`;

const RATE = 48000;
const CHANNELS = 2;

function runtime(): Runtime {
  const rt = createRuntime({ sampleRate: RATE, channels: CHANNELS, install: [helpers] });
  rt.evaluate(CONFORMANCE_SESSION);
  return rt;
}

/** The reference: `frames` frames of the session pulled in `blockFrames` blocks, as the offline sink does. */
export function reference(frames: number, blockFrames: number): Float32Array {
  const rt = runtime();
  const out = new Float32Array(frames * CHANNELS);
  renderBlocks((block, n) => rt.render(block, n), out, CHANNELS, blockFrames);
  return out;
}

/** Records what a sink pulls, block by block (the test allocates; the sink must not). */
class Pulled {
  private chunks: Float32Array[] = [];
  frames = 0;
  calls = 0;
  largest = 0;
  constructor(private readonly rt: Runtime) {}
  readonly render = (out: Float32Array, frames: number): void => {
    this.calls++;
    this.largest = Math.max(this.largest, frames);
    this.rt.render(out, frames);
    this.chunks.push(out.slice(0, frames * CHANNELS));
    this.frames += frames;
  };
  samples(): Float32Array {
    const all = new Float32Array(this.frames * CHANNELS);
    let at = 0;
    for (const c of this.chunks) {
      all.set(c, at);
      at += c.length;
    }
    return all;
  }
}

async function until(sink: AudioSink, frames: number, timeout: number): Promise<SinkStatus> {
  const started = Date.now();
  for (;;) {
    const status = sink.status();
    if (status.framesRendered >= frames || !status.running) return status;
    if (Date.now() - started > timeout) throw new Error(`sink pulled ${status.framesRendered} of ${frames} frames in ${timeout} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/**
 * Applies the conformance suite to one kind of sink: same samples as the
 * offline render, start/stop/start again, stop while pulling, latency
 * declared and bounded, a device error reported and not thrown.
 */
export function describeSink(name: string, fixture: SinkFixture): void {
  const timeout = fixture.timeout ?? 20_000;
  const make = () => Promise.resolve(fixture.make({ sampleRate: RATE, channels: CHANNELS }));
  const seconds = 0.5;

  describe(`sink conformance: ${name}`, () => {
    it('declares its shape: rate, channels, block size and a latency of at most 20 ms by default', async () => {
      const sink = await make();
      expect(sink.sampleRate).toBe(RATE);
      expect(sink.channels).toBe(CHANNELS);
      expect(Number.isInteger(sink.blockFrames) && sink.blockFrames > 0).toBe(true);
      if (!fixture.finite) expect(sink.latencyFrames / RATE).toBeLessThanOrEqual(0.02);
      expect(sink.status().running).toBe(false);
    });

    it('pulls the same samples as the offline render, in blocks no larger than it declares', { timeout }, async () => {
      const sink = await make();
      const pulled = new Pulled(runtime());
      const frames = Math.round(seconds * RATE);
      await sink.start(pulled.render);
      await until(sink, frames, timeout);
      await sink.stop();
      expect(pulled.largest).toBeLessThanOrEqual(sink.blockFrames);
      expect(sink.status().framesRendered).toBe(pulled.frames);
      const got = pulled.samples();
      const want = reference(pulled.frames, sink.blockFrames);
      expect(firstDifference(got, want)).toBe(-1);
      if (fixture.played) {
        const captured = await fixture.played(sink);
        const tolerance = fixture.tolerance ?? 0;
        const played = want.subarray(0, Math.min(want.length, frames * CHANNELS));
        const at = alignment(captured, played, tolerance);
        expect(at, 'the captured audio contains the rendered audio').toBeGreaterThanOrEqual(0);
        expect(firstDifference(captured.subarray(at, at + played.length), played, tolerance)).toBe(-1);
      }
    });

    it('starts again after stop, playing on from the runtime’s frame', { timeout }, async () => {
      const sink = await make();
      const pulled = new Pulled(runtime());
      const half = Math.round((seconds / 2) * RATE);
      await sink.start(pulled.render);
      await until(sink, half, timeout);
      await sink.stop();
      const first = pulled.frames;
      await sink.start(pulled.render);
      await until(sink, first + half, timeout);
      await sink.stop();
      expect(pulled.frames).toBeGreaterThan(first);
      expect(firstDifference(pulled.samples(), reference(pulled.frames, sink.blockFrames))).toBe(-1);
      expect(sink.status().running).toBe(false);
    });

    it('stops while pulling: stop() from inside render resolves, and render is not called after it', { timeout }, async () => {
      const sink = await make();
      const pulled = new Pulled(runtime());
      let stopping: Promise<void> | undefined;
      let after = 0;
      await sink.start((out, frames) => {
        if (stopping) after++;
        pulled.render(out, frames);
        if (!stopping && pulled.frames >= 4 * sink.blockFrames) stopping = sink.stop();
      });
      await until(sink, 4 * sink.blockFrames, timeout);
      for (let i = 0; i < 100 && !stopping; i++) await new Promise((r) => setTimeout(r, 10));
      await stopping;
      const calls = pulled.calls;
      await new Promise((r) => setTimeout(r, 50));
      expect(pulled.calls).toBe(calls);
      expect(sink.status().running).toBe(false);
      expect(after).toBeLessThanOrEqual(1);
      await sink.stop(); // harmless twice
    });

    if (fixture.breakDevice) {
      const breakDevice = fixture.breakDevice;
      it('reports a device error without throwing into the runtime, which renders on; the sink starts again', { timeout }, async () => {
        const sink = await make();
        const rt = runtime();
        const pulled = new Pulled(rt);
        const errors: Error[] = [];
        await sink.start(pulled.render, { error: (e) => errors.push(e) });
        await until(sink, 2 * sink.blockFrames, timeout);
        await breakDevice(sink);
        for (let i = 0; i < 200 && errors.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
        expect(errors.length).toBe(1);
        expect(errors[0]).toBeInstanceOf(Error);
        expect(sink.status().error).toBe(errors[0]);
        expect(sink.status().running).toBe(false);
        const before = pulled.frames;
        await sink.stop();
        await sink.start(pulled.render);
        await until(sink, before + 2 * sink.blockFrames, timeout);
        await sink.stop();
        expect(sink.status().error).toBeUndefined();
        expect(firstDifference(pulled.samples(), reference(pulled.frames, sink.blockFrames))).toBe(-1);
      });
    }
  });
}
