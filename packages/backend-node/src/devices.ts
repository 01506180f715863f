import { spawn } from 'node:child_process';
import { naudiodonPath, type RawDevice } from './load.js';

/** An output device PortAudio offers. */
export interface OutputDevice {
  /** PortAudio's device index (what {@link PortAudioSinkOptions.device} takes as a number). */
  index: number;
  name: string;
  /** Most interleaved channels it plays. */
  maxOutputChannels: number;
  /** Hz. */
  defaultSampleRate: number;
}

const MARK = '@@aither-devices@@';

/** The output devices among what `getDevices()` returned. */
export function outputs(devices: RawDevice[]): OutputDevice[] {
  return devices.filter((d) => d.maxOutputChannels > 0).map((d) => ({ index: d.id, name: d.name, maxOutputChannels: d.maxOutputChannels, defaultSampleRate: d.defaultSampleRate }));
}

/**
 * Lists PortAudio's output devices. PortAudio's ALSA host opens every device
 * ALSA defines to probe it, and alsa-lib prints a line on stderr for each one
 * that has no card behind it (a hundred or more on a machine without sound
 * hardware), from native code that no JavaScript can silence — so the
 * enumeration runs in a child process whose stderr is discarded.
 * @returns the devices, in PortAudio's order (the same in this process, with the same environment).
 * @example
 * ```ts
 * for (const d of await listDevices()) console.log(d.index, d.name, d.maxOutputChannels, d.defaultSampleRate);
 * ```
 */
export function listDevices(): Promise<OutputDevice[]> {
  let path: string;
  try {
    path = naudiodonPath();
  } catch (error) {
    return Promise.reject(error);
  }
  const script = `const d = require(${JSON.stringify(path)}).getDevices(); process.stdout.write('\\n${MARK}' + JSON.stringify(d) + '\\n');`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', script], { env: process.env, stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (out += s));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const line = out.split('\n').find((l) => l.startsWith(MARK));
      if (!line)
        return reject(
          new Error(`@aither/backend-node: listing PortAudio's devices failed (${signal ?? `exit ${code}`}); reinstall naudiodon after \`apt-get install libasound2-dev\``),
        );
      resolve(outputs(JSON.parse(line.slice(MARK.length)) as RawDevice[]));
    });
  });
}

/**
 * PortAudio's index of the device `choice` names: an output device's index,
 * or a case-insensitive part of its name (an exact name wins over parts).
 * @throws Error listing the valid choices when none, or several, match.
 */
export function chooseDevice(devices: OutputDevice[], choice: string | number): number {
  const list = () => devices.map((d) => `${d.index}: ${d.name}`).join(', ');
  if (typeof choice === 'number') {
    if (devices.some((d) => d.index === choice)) return choice;
    throw new Error(`PortAudioSink: no output device ${choice}; the output devices are ${list()}`);
  }
  const want = choice.toLowerCase();
  const exact = devices.filter((d) => d.name.toLowerCase() === want);
  const found = exact.length ? exact : devices.filter((d) => d.name.toLowerCase().includes(want));
  if (found.length === 1) return found[0]!.index;
  if (found.length === 0) throw new Error(`PortAudioSink: no output device matches "${choice}"; the output devices are ${list()}`);
  throw new Error(
    `PortAudioSink: "${choice}" matches ${found.length} output devices (${found.map((d) => `${d.index}: ${d.name}`).join(', ')}); name one of them, or give its index`,
  );
}
