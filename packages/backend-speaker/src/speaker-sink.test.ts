import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createRuntime } from '@aither/core';
import * as helpers from '@aither/helpers';
import { renderOffline } from '@aither/offline';
import { alignment, describeSink, firstDifference } from '@aither/sink-kit/conformance';
import { pulseRig } from '@aither/sink-kit/pulse-rig';
import { describe, expect, it } from 'vitest';
import { importSpeaker } from './load.js';
import { SpeakerSink, toS16, type SpeakerSinkOptions } from './index.js';

const rig = pulseRig();
const loaded = () => Object.keys(createRequire(import.meta.url).cache).some((k) => k.includes('/speaker/'));

describe('loading', () => {
  it('imports without loading the native addon; start loads it', async () => {
    expect(loaded()).toBe(false);
    const sink = new SpeakerSink({ device: 'aither_capture' });
    expect(loaded()).toBe(false);
    await sink.start(() => {});
    await sink.stop();
    expect(loaded()).toBe(true);
  });

  it('turns a missing package into an Error naming it and the apt package', async () => {
    await expect(importSpeaker('speaker-not-installed')).rejects.toThrow(/"speaker-not-installed" is not installed.*apt-get install libasound2-dev.*reinstall/);
  });

  it('turns the addon aborting (no ALSA default device) into an Error, leaving this process alive', async () => {
    const saved = process.env.ALSA_CONFIG_PATH;
    process.env.ALSA_CONFIG_PATH = '/dev/null';
    try {
      await expect(importSpeaker()).rejects.toThrow(/"speaker" failed to load \(SIGABRT.*default device did not open.*libasound2-dev/);
    } finally {
      process.env.ALSA_CONFIG_PATH = saved;
    }
  });

  it('rejects start, changing nothing, when the ALSA device does not exist', async () => {
    const sink = new SpeakerSink({ device: 'no_such_device' });
    await expect(sink.start(() => {})).rejects.toThrow(/cannot open ALSA device "no_such_device"/);
    expect(sink.status()).toMatchObject({ running: false, framesRendered: 0 });
  });
});

describe('toS16', () => {
  it('rounds x · 32768 and clips to [−32768, 32767]', () => {
    const out = new Int16Array(6);
    toS16(new Float32Array([0.5, -1, 1, 2, -2, 1.4 / 32768]), out);
    expect([...out]).toEqual([16384, -32768, 32767, 32767, -32768, 1]);
  });
});

/** The sink's real failure: the sound server under the device dies, so its next write fails; then the server comes back for the restart. */
async function killServer(sink: { status(): { error?: Error } }): Promise<void> {
  await rig.kill();
  for (let i = 0; i < 500 && !sink.status().error; i++) await new Promise((r) => setTimeout(r, 10));
  rig.start();
}

const capture = (format: SpeakerSinkOptions['format']) => ({
  make: (o: { sampleRate: number; channels: number }) => new SpeakerSink({ ...o, device: 'aither_capture', format }),
  played: async () => rig.capture(format ?? 'float32'),
  breakDevice: killServer,
  timeout: 30_000,
});

describeSink('speaker (float32)', { ...capture('float32'), tolerance: 0 });
describeSink('speaker (s16)', { ...capture('s16'), tolerance: 1 / 32768 });

describe('the seed example through SpeakerSink', () => {
  const seed = readFileSync(fileURLToPath(new URL('../../../examples/seed.js', import.meta.url)), 'utf8');
  const session = () => {
    const rt = createRuntime({ sampleRate: 48000, channels: 2, install: [helpers] });
    rt.evaluate(seed);
    return rt;
  };

  for (const format of ['float32', 's16'] as const) {
    it(`plays 1 s whose captured samples equal the offline render (${format})`, async () => {
      const sink = new SpeakerSink({ device: 'aither_capture', format });
      const rt = session();
      await sink.start((out, frames) => rt.render(out, frames));
      while (sink.status().framesRendered < 48000) await new Promise((r) => setTimeout(r, 10));
      await sink.stop();
      const offline = await renderOffline(session(), 1, { blockFrames: sink.blockFrames });
      let want = offline;
      if (format === 's16') {
        const ints = new Int16Array(offline.length);
        toS16(offline, ints);
        want = Float32Array.from(ints, (v) => v / 32768);
      }
      const got = rig.capture(format);
      const at = alignment(got, want, 0);
      expect(at).toBeGreaterThanOrEqual(0);
      expect(firstDifference(got.subarray(at, at + want.length), want)).toBe(-1);
    });
  }
});
