import { Terminal } from '../terminal.js';

interface Device {
  index: number;
  name: string;
  maxOutputChannels: number;
  defaultSampleRate: number;
}

/** `aither devices`: PortAudio's output devices, index and name (PortAudio's own noise on stderr kept out). */
export async function devices(term = new Terminal()): Promise<number> {
  let list: () => Promise<Device[]>;
  try {
    ({ listDevices: list } = (await import('@aither/backend-node' as string)) as { listDevices: () => Promise<Device[]> });
  } catch (error) {
    term.error(
      `aither devices needs @aither/backend-node (PortAudio), which did not load: ${(error as Error).message.split('\n')[0]}\n  install libasound2-dev, then reinstall (npm_config_nodedir=/usr pnpm install)`,
    );
    return 1;
  }
  const found = await list();
  if (found.length === 0) term.info('no output devices');
  for (const d of found) term.info(`${String(d.index).padStart(3)}  ${d.name}  (${d.maxOutputChannels} ch, ${d.defaultSampleRate} Hz)`);
  return 0;
}
