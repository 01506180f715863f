import { zeroCrossingHz, type Runtime } from '@aither/core';
import wavefile from 'wavefile';
import { OfflineSink } from './offline-sink.js';

/**
 * Renders `seconds` of `runtime` through an {@link OfflineSink}.
 * @returns interleaved samples, `round(seconds · sr) · channels` long.
 * @example `const audio = await renderOffline(rt, 4);`
 */
export async function renderOffline(runtime: Runtime, seconds: number, { blockFrames = 128 } = {}): Promise<Float32Array> {
  const sink = new OfflineSink({
    sampleRate: runtime.sampleRate,
    channels: runtime.channels,
    frames: Math.round(seconds * runtime.sampleRate),
    blockFrames,
  });
  await sink.start((out, frames) => runtime.render(out, frames));
  return sink.samples;
}

export interface Analysis {
  /** Largest |sample| over all channels. */
  peak: number;
  /** Root-mean-square over all samples. */
  rms: number;
  /**
   * Channel 0's frequency over the second half, in Hz, from rising zero
   * crossings (interpolated between samples): crossings − 1 over the time
   * between the first and last. 0 when it never crosses.
   */
  fundamentalHz: number;
}

/** Level and pitch of rendered audio. @example `analyse(audio, 2, 48000).fundamentalHz` */
export function analyse(samples: Float32Array, channels: number, sampleRate: number): Analysis {
  let peak = 0;
  let sum = 0;
  for (const v of samples) {
    const a = Math.abs(v);
    if (a > peak) peak = a;
    sum += v * v;
  }
  return {
    peak,
    rms: samples.length ? Math.sqrt(sum / samples.length) : 0,
    fundamentalHz: zeroCrossingHz(samples, sampleRate, channels, 0, Math.floor(samples.length / channels / 2)),
  };
}

/**
 * Encodes interleaved float samples as a 32-bit float WAV file.
 * @example `writeFileSync('out.wav', toWav(audio, 48000, 2))`
 */
export function toWav(samples: Float32Array, sampleRate: number, channels: number): Uint8Array {
  const wav = new wavefile.WaveFile();
  const planes = Array.from({ length: channels }, (_, c) => {
    const plane = new Float64Array(samples.length / channels);
    for (let i = 0; i < plane.length; i++) plane[i] = samples[i * channels + c]!;
    return plane;
  });
  wav.fromScratch(channels, sampleRate, '32f', channels === 1 ? planes[0]! : planes);
  return wav.toBuffer();
}

/**
 * Decodes a WAV file (any format wavefile reads) to interleaved floats in [−1, 1].
 * @example `const { samples, sampleRate, channels } = fromWav(readFileSync('take.wav'))`
 */
export function fromWav(bytes: Uint8Array): { samples: Float32Array; sampleRate: number; channels: number } {
  const wav = new wavefile.WaveFile(bytes);
  wav.toBitDepth('32f');
  const fmt = wav.fmt as { numChannels: number; sampleRate: number };
  const planes = wav.getSamples(false, Float64Array) as unknown as Float64Array[] | Float64Array;
  const list = fmt.numChannels === 1 ? [planes as Float64Array] : (planes as Float64Array[]);
  const frames = list[0]!.length;
  const samples = new Float32Array(frames * fmt.numChannels);
  for (let c = 0; c < fmt.numChannels; c++) for (let i = 0; i < frames; i++) samples[i * fmt.numChannels + c] = list[c]![i]!;
  return { samples, sampleRate: fmt.sampleRate, channels: fmt.numChannels };
}
