import type { AudioSink } from '@aither/core';

/** The venues `--sink` chooses from. */
export const SINKS = ['portaudio', 'speaker', 'null', 'wav'] as const;
export type SinkName = (typeof SINKS)[number];

/** What every sink is opened with. */
export interface SinkChoice {
  sink: SinkName;
  sampleRate: number;
  channels: number;
  /** Frames written ahead of the device, as milliseconds; undefined: the sink's default. */
  latencyMs?: number;
  /** Device: a name (substring) or index, for portaudio; an ALSA device name, for speaker. */
  device?: string;
  /** File the `wav` sink writes. */
  wavFile?: string;
}

/** A backend's sink class, as the CLI uses it (the backends are optional, loaded by name). */
type SinkClass = new (options: Record<string, unknown>) => AudioSink;

/** A backend that did not load: which package, and what it needs. */
function unavailable(pkg: string, error: unknown): Error {
  return new Error(
    `the ${pkg} sink is not available: ${(error as Error).message.split('\n')[0]}\n` +
      `  it is a native build: install libasound2-dev (apt-get install libasound2-dev), then reinstall (npm_config_nodedir=/usr pnpm install);\n` +
      `  --sink null or \`aither render\` need no device`,
  );
}

async function backend(pkg: string, name: string): Promise<SinkClass> {
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pkg)) as Record<string, unknown>;
  } catch (error) {
    throw unavailable(pkg, error);
  }
  return mod[name] as SinkClass;
}

/**
 * Opens the chosen sink (not started). Native backends are imported only
 * here, when chosen, so a machine where they failed to build still plays
 * `null` and `wav`. `--latency` becomes whole blocks of the sink's own size.
 */
export async function openSink(choice: SinkChoice): Promise<AudioSink> {
  const { sampleRate, channels } = choice;
  let make: (options: Record<string, unknown>) => AudioSink;
  switch (choice.sink) {
    case 'null': {
      const { NullSink } = await import('@aither/offline');
      make = (o) => new NullSink(o);
      break;
    }
    case 'wav': {
      const { WavSink } = await import('@aither/offline');
      make = (o) => new WavSink({ ...o, file: choice.wavFile ?? 'aither.wav' });
      break;
    }
    case 'speaker': {
      const Sink = await backend('@aither/backend-speaker', 'SpeakerSink');
      make = (o) => new Sink(o);
      break;
    }
    case 'portaudio': {
      const Sink = await backend('@aither/backend-node', 'PortAudioSink');
      make = (o) => new Sink(o);
      break;
    }
  }
  const base: Record<string, unknown> = { sampleRate, channels };
  // A device given as digits is an index for PortAudio (`aither devices` prints them); speaker takes ALSA names only.
  if (choice.device !== undefined) base.device = choice.sink === 'portaudio' && /^\d+$/.test(choice.device) ? Number(choice.device) : choice.device;
  const sink = make(base);
  if (choice.latencyMs === undefined) return sink;
  const latencyBlocks = Math.max(1, Math.round((choice.latencyMs * sampleRate) / 1000 / sink.blockFrames));
  return make({ ...base, latencyBlocks });
}
