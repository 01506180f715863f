import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

/** The part of node-speaker's `Speaker` (a Writable of raw PCM) this package uses. */
export interface SpeakerStream {
  write(chunk: Uint8Array, callback: (error?: Error | null) => void): boolean;
  close(flush: boolean): void;
  on(event: 'error', listener: (error: Error) => void): this;
}

export interface SpeakerOptions {
  channels: number;
  sampleRate: number;
  bitDepth: 16 | 32;
  float: boolean;
  signed: true;
  device?: string;
  samplesPerFrame: number;
}

export type SpeakerConstructor = new (options: SpeakerOptions) => SpeakerStream;

const FIX = "it needs ALSA's development files: `apt-get install libasound2-dev`, then reinstall (`pnpm install`) so its addon is built";
let loaded: Promise<SpeakerConstructor> | undefined;

/**
 * Loads `speaker` once, on first use, so that importing this package never
 * touches the native addon. The addon opens ALSA's default device as it
 * loads, and aborts the whole process (an assertion in alsa-lib) when that
 * device does not open — so a child process loads it first, and a failure
 * there becomes an Error here instead of killing the host.
 */
export function loadSpeaker(): Promise<SpeakerConstructor> {
  loaded ??= importSpeaker();
  loaded.catch(() => (loaded = undefined));
  return loaded;
}

/** {@link loadSpeaker} without the cache; `name` is the npm package (another name only in tests). */
export async function importSpeaker(name = 'speaker'): Promise<SpeakerConstructor> {
  const require = createRequire(import.meta.url);
  let path: string;
  try {
    path = require.resolve(name);
  } catch (cause) {
    throw new Error(`@aither/backend-speaker: the npm package "${name}" is not installed; ${FIX}`, { cause });
  }
  const probe = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(path)})`], {
    env: process.env,
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
    timeout: 20_000,
  });
  if (probe.status !== 0) {
    const said = probe.stderr
      .split('\n')
      .filter((l) => l.trim())
      .slice(-3)
      .join(' | ');
    const device = /cannot open device|snd_pcm_hw_refine/.test(probe.stderr)
      ? "ALSA's default device did not open, and its addon aborts then (define `pcm.!default` or start a sound server); otherwise "
      : '';
    throw new Error(`@aither/backend-speaker: the npm package "${name}" failed to load (${probe.signal ?? `exit ${probe.status}`}: ${said}); ${device}${FIX}`);
  }
  try {
    return require(path) as SpeakerConstructor;
  } catch (cause) {
    throw new Error(`@aither/backend-speaker: the npm package "${name}" failed to load (${(cause as Error).message}); ${FIX}`, { cause });
  }
}
