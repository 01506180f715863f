import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** A device as naudiodon's `getDevices()` describes it. */
export interface RawDevice {
  id: number;
  name: string;
  maxInputChannels: number;
  maxOutputChannels: number;
  defaultSampleRate: number;
  hostAPIName: string;
}

/** One PortAudio stream of naudiodon's binding. */
export interface AudioIO {
  start(): void;
  /** Copies `chunk` into the stream's queue; resolves once it is queued (so at the device's pace when the queue is full), with PortAudio's status flags since the last write as text, if any. */
  write(chunk: Uint8Array): Promise<string | undefined>;
  quit(how: 'WAIT' | 'ABORT'): Promise<void>;
}

export interface Naudiodon {
  getDevices(): RawDevice[];
  create(options: { outOptions: Record<string, number | boolean> }): AudioIO;
}

const FIX = "it needs ALSA's development files: `apt-get install libasound2-dev`, then reinstall (`pnpm install`) so its addon is built";

/**
 * Where naudiodon's binding is. Its stream wrapper (index.js) turns
 * PortAudio's status of a callback — an underflow — into a stream error that
 * destroys the stream, and registers a crash handler writing crash.log into
 * the working folder; the binding under it hands the status back with each
 * write, which is how underruns are counted and the stream kept.
 */
export function naudiodonPath(name = 'naudiodon'): string {
  const require = createRequire(import.meta.url);
  let pkg: string;
  try {
    pkg = require.resolve(`${name}/package.json`);
  } catch (cause) {
    throw new Error(`@aither/backend-node: the npm package "${name}" is not installed; ${FIX}`, { cause });
  }
  return join(dirname(pkg), 'build', 'Release', 'naudiodon.node');
}

let loaded: Naudiodon | undefined;

/** Loads naudiodon's binding on first use, so importing this package never touches the native addon. */
export function loadNaudiodon(name = 'naudiodon'): Naudiodon {
  if (loaded && name === 'naudiodon') return loaded;
  const path = naudiodonPath(name);
  let binding: Naudiodon;
  try {
    binding = createRequire(import.meta.url)(path) as Naudiodon;
  } catch (cause) {
    throw new Error(`@aither/backend-node: the npm package "${name}" failed to load its addon (${(cause as Error).message}); ${FIX}`, { cause });
  }
  if (name === 'naudiodon') loaded = binding;
  return binding;
}
