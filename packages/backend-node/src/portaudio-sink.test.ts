import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createRuntime } from '@aither/core';
import * as helpers from '@aither/helpers';
import { renderOffline } from '@aither/offline';
import { alignment, describeSink, firstDifference } from '@aither/sink-kit/conformance';
import { pulseRig } from '@aither/sink-kit/pulse-rig';
import { describe, expect, it } from 'vitest';
import { loadNaudiodon, naudiodonPath } from './load.js';
import { chooseDevice, listDevices, PortAudioSink } from './index.js';

const rig = pulseRig();
const loaded = () => Object.keys(createRequire(import.meta.url).cache).some((k) => k.endsWith('naudiodon.node'));

describe('loading', () => {
  it('imports without loading the native addon; listDevices does not load it here either', async () => {
    expect(loaded()).toBe(false);
    new PortAudioSink();
    await listDevices();
    expect(loaded()).toBe(false);
  });

  it('turns a missing package into an Error naming it and the apt package', () => {
    expect(() => loadNaudiodon('naudiodon-not-installed')).toThrow(/"naudiodon-not-installed" is not installed.*apt-get install libasound2-dev.*reinstall/);
  });
});

describe('listDevices', () => {
  it("lists the output devices ALSA defines, with channels and rate, and prints none of PortAudio's ALSA lines", async () => {
    const devices = await listDevices();
    expect(devices.map((d) => d.name)).toEqual(expect.arrayContaining(['aither_capture', 'aither_capture_fast', 'aither_pulse', 'default']));
    for (const d of devices) {
      expect(Number.isInteger(d.index)).toBe(true);
      expect(d.maxOutputChannels).toBeGreaterThan(0);
      expect(d.defaultSampleRate).toBeGreaterThan(0);
    }
    // The same enumeration in a plain process prints alsa-lib's lines on stderr: the ones listDevices keeps out of ours.
    const plain = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(naudiodonPath())}).getDevices()`], { encoding: 'utf8' });
    expect(plain.stderr).toMatch(/ALSA lib/);
  });

  it('chooses by index or case-insensitive part of a name; an unknown or ambiguous one is an Error listing the choices', async () => {
    const devices = await listDevices();
    const capture = devices.find((d) => d.name === 'aither_capture')!;
    expect(chooseDevice(devices, 'AITHER_CAPTURE')).toBe(capture.index);
    expect(chooseDevice(devices, 'ER_PUL')).toBe(devices.find((d) => d.name === 'aither_pulse')!.index);
    expect(chooseDevice(devices, capture.index)).toBe(capture.index);
    expect(() => chooseDevice(devices, 'no such thing')).toThrow(/no output device matches "no such thing"; the output devices are .*aither_capture/);
    expect(() => chooseDevice(devices, 999)).toThrow(/no output device 999; the output devices are .*aither_pulse/);
    expect(() => chooseDevice(devices, 'aither')).toThrow(/matches 3 output devices/);
  });

  it('rejects start, changing nothing, for an unknown device', async () => {
    const sink = new PortAudioSink({ device: 'no such thing' });
    await expect(sink.start(() => {})).rejects.toThrow(/the output devices are/);
    expect(sink.status()).toMatchObject({ running: false, framesRendered: 0 });
  });
});

/** The sink's real failure: the sound server under the device dies, PortAudio's stream stops calling back; then the server comes back for the restart. */
async function killServer(sink: { status(): { error?: Error } }): Promise<void> {
  await rig.kill();
  for (let i = 0; i < 1000 && !sink.status().error; i++) await new Promise((r) => setTimeout(r, 10));
  rig.start();
}

// The samples, through a device with no clock: on the PulseAudio null sink, which takes audio in
// bursts of about 10-30 ms, PortAudio's small buffer runs dry now and then at this latency, and
// PortAudio drops what it had written then (see the real-time test for the figures).
describeSink('portaudio', {
  make: (o) => new PortAudioSink({ ...o, device: 'aither_capture_fast' }),
  played: async () => rig.capture('float32', 'aither_capture_fast'),
  tolerance: 0,
  timeout: 30_000,
});

// A real device at real-time pace, and its real failure.
describeSink('portaudio on a PulseAudio server', {
  make: (o) => new PortAudioSink({ ...o, device: 'aither_pulse' }),
  breakDevice: killServer,
  timeout: 30_000,
});

describe('the seed example through PortAudioSink', () => {
  it('plays 1 s whose captured samples equal the offline render', async () => {
    const seed = readFileSync(fileURLToPath(new URL('../../../examples/seed.js', import.meta.url)), 'utf8');
    const session = () => {
      const rt = createRuntime({ sampleRate: 48000, channels: 2, install: [helpers] });
      rt.evaluate(seed);
      return rt;
    };
    const sink = new PortAudioSink({ device: 'aither_capture_fast' });
    const rt = session();
    await sink.start((out, frames) => rt.render(out, frames));
    while (sink.status().framesRendered < 48000 + sink.latencyFrames) await new Promise((r) => setTimeout(r, 10));
    await sink.stop();
    const want = await renderOffline(session(), 1, { blockFrames: sink.blockFrames });
    const got = rig.capture('float32', 'aither_capture_fast');
    const at = alignment(got, want, 0);
    expect(at).toBeGreaterThanOrEqual(0);
    expect(firstDifference(got.subarray(at, at + want.length), want)).toBe(-1);
    console.info(`PortAudio: ${at} leading zero samples before the first block`);
  });
});
