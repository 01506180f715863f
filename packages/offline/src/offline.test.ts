import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRuntime } from '@aither/core';
import * as helpers from '@aither/helpers';
import * as physical from '@aither/helpers-physical';
import wavefile from 'wavefile';
import { describe, expect, it } from 'vitest';
import { analyse, OfflineSink, renderOffline, toWav } from './index.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const seed = readFileSync(join(root, 'examples/seed.js'), 'utf8');

function runtime(sampleRate = 48000, channels = 2) {
  const rt = createRuntime({ sampleRate, channels, install: [helpers] });
  rt.evaluate(seed);
  return rt;
}

describe('OfflineSink', () => {
  it('delivers exactly frames × channels samples, equal to rendering directly', async () => {
    const sink = new OfflineSink({ sampleRate: 48000, channels: 2, frames: 10_000, blockFrames: 128 });
    const viaSink = runtime();
    await sink.start((out, frames) => viaSink.render(out, frames));
    const direct = runtime();
    const reference = new Float32Array(20_000);
    direct.render(reference, 10_000);
    expect(sink.samples.length).toBe(20_000);
    expect(sink.samples).toEqual(reference);
    expect(viaSink.frame).toBe(10_000);
  });
});

describe('analyse', () => {
  for (const sr of [44100, 48000]) {
    it(`finds the seed's 440 Hz at ${sr} Hz`, async () => {
      const audio = await renderOffline(runtime(sr, 1), 1);
      const a = analyse(audio, 1, sr);
      expect(Math.abs(a.fundamentalHz - 440)).toBeLessThan(1);
      expect(a.peak).toBeGreaterThan(0.2);
      expect(a.peak).toBeLessThanOrEqual(0.4);
    });
  }
});

describe('analyse, plain osc(440)', () => {
  for (const sr of [44100, 48000]) {
    it(`finds 440 Hz within 1 Hz at ${sr} Hz`, async () => {
      const rt = createRuntime({ sampleRate: sr, channels: 2, install: [helpers] });
      rt.evaluate("register('a', osc(440));");
      const a = analyse(await renderOffline(rt, 1), 2, sr);
      expect(Math.abs(a.fundamentalHz - 440)).toBeLessThan(1);
      expect(a.peak).toBeGreaterThan(0.9);
      expect(a.rms).toBeCloseTo(Math.SQRT1_2, 2);
    });
  }
});

describe('toWav', () => {
  it('encodes 32-bit float samples that read back exactly', async () => {
    const audio = await renderOffline(runtime(44100, 2), 0.1);
    const wav = new wavefile.WaveFile(toWav(audio, 44100, 2));
    const fmt = wav.fmt as { sampleRate: number; numChannels: number; bitsPerSample: number };
    expect([fmt.sampleRate, fmt.numChannels, fmt.bitsPerSample]).toEqual([44100, 2, 32]);
    const back = wav.getSamples(true, Float32Array) as unknown as Float32Array;
    expect(back).toEqual(audio);
  });
});

describe('examples/', () => {
  const dir = join(root, 'examples');
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.js'))) {
    it(`${name} makes sound: non-silent, within [-1, 1], no faults (a non-finite signal is muted and reported)`, { timeout: 60_000 }, async () => {
      const rt = createRuntime({ sampleRate: 48000, channels: 2, install: [helpers, physical] });
      rt.evaluate(readFileSync(join(dir, name), 'utf8'));
      const audio = await renderOffline(rt, 2);
      const { rms, peak } = analyse(audio, 2, 48000);
      expect(rms).toBeGreaterThan(0.01);
      expect(peak).toBeLessThan(1);
      expect(rt.drainErrors()).toEqual([]);
    });
  }
});
