// The `aither` command's line: parses it and hands each subcommand its
// options; the commands themselves live in ./commands.
import { accessSync, constants } from 'node:fs';
import { resolve } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { devices } from './commands/devices.js';
import { play } from './commands/play.js';
import { render } from './commands/render.js';
import { repl } from './commands/repl.js';
import { send } from './commands/send.js';
import { PLAYGROUND_ORIGINS, serveCommand } from './commands/serve.js';
import { SINKS, type SinkName } from './sinks.js';

function number(what: string, { integer = false, min = 0 } = {}) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isFinite(n) || (integer && !Number.isInteger(n)) || n < min)
      throw new InvalidArgumentError(`${what} must be ${integer ? 'an integer' : 'a number'} >= ${min}, got '${value}'`);
    return n;
  };
}
const collect = (value: string, all: string[]) => [...all, value];

/** A session file that can be read, or a clear refusal. */
function sessionFile(file: string): string {
  try {
    accessSync(file, constants.R_OK);
  } catch (error) {
    throw new InvalidArgumentError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  return resolve(file);
}

const rate = () => new Option('--rate <hz>', 'sample rate, Hz').default(48000).argParser(number('--rate', { integer: true, min: 8000 }));
const channels = () => new Option('--channels <n>', 'output channels, 1..8').default(2).argParser(number('--channels', { integer: true, min: 1 }));
const withPkg = () => new Option('--with <pkg>', 'also install a helper package (a name, a folder or an entry file); repeatable').default([]).argParser(collect);
const sink = (fallback: SinkName) => new Option('--sink <name>', 'where the sound goes').choices(SINKS).default(fallback);

/** The options of a command that plays live (play, serve): the sink, its device, rate, channels and latency, the helper packages. */
function liveOptions(command: Command, help: { device: string; latency: string }): Command {
  return command
    .addOption(sink('speaker'))
    .option('--device <name>', help.device)
    .addOption(rate())
    .addOption(channels())
    .option('--latency <ms>', help.latency, number('--latency', { min: 1 }))
    .addOption(withPkg());
}

/** What {@link liveOptions} parsed, as the commands take it. */
const live = (o: { sink: SinkName; device?: string; rate: number; channels: number; latency?: number; with: string[] }) => ({
  sink: o.sink,
  device: o.device,
  sampleRate: o.rate,
  channels: o.channels,
  latencyMs: o.latency,
  with: o.with,
});

const program = new Command('aither')
  .description('Aither: a live-coding audio engine. Play a session, hear every save.')
  .showHelpAfterError('(aither <command> --help lists its options)')
  .exitOverride();

let exitCode = 0;
const run = (job: () => Promise<number>) => async () => {
  exitCode = await job();
};

liveOptions(program.command('play').description('play a session live and reload it on every save, state kept').argument('<session>', 'session file (JavaScript)', sessionFile), {
  device: 'output device: a name (substring) or index (portaudio), an ALSA device (speaker)',
  latency: 'audio written ahead of the device, ms (default: the sink’s, at most 20 ms)',
})
  .option('--record <file.wav>', 'also write everything played to a WAV file')
  .option('--out <file.wav>', 'file the wav sink writes (default aither.wav)')
  .option('--seconds <s>', 'stop after this many seconds (as Ctrl-C)', number('--seconds'))
  .option('--stats', 'print the sink’s latency and the render load')
  .action((file: string, o) =>
    run(() =>
      play({
        file,
        ...live(o),
        record: o.record,
        wavFile: o.out,
        seconds: o.seconds,
        stats: o.stats,
      }),
    )(),
  );

program
  .command('render')
  .description('render a session offline to a WAV file (the same samples as live)')
  .argument('<session>', 'session file', sessionFile)
  .option('--seconds <s>', 'length, seconds', number('--seconds'), 4)
  .option('-o, --out <file.wav>', 'WAV file to write')
  .addOption(rate())
  .addOption(channels())
  .addOption(new Option('--mode <mode>', 'session or snippet').choices(['session', 'snippet']).default('session'))
  .addOption(withPkg())
  .action((file: string, o) => run(() => render({ file, seconds: o.seconds, out: o.out, sampleRate: o.rate, channels: o.channels, mode: o.mode, with: o.with }))());

program
  .command('devices')
  .description('list the output devices PortAudio sees')
  .action(() => run(() => devices())());

liveOptions(
  program.command('serve').description('keep one runtime playing and take code from editors (127.0.0.1, with a token)').argument('[session]', 'session to start with', sessionFile),
  { device: 'output device', latency: 'audio written ahead of the device, ms' },
)
  .option('--port <n>', 'TCP port on 127.0.0.1 (0: any free one)', number('--port', { integer: true }), 7770)
  .option('--allow-origin <origin>', 'a web page origin allowed to connect (repeatable)', collect, [...PLAYGROUND_ORIGINS])
  .option('--seconds <s>', 'stop after this many seconds', number('--seconds'))
  .action((file: string | undefined, o) =>
    run(() =>
      serveCommand({
        file,
        ...live(o),
        port: o.port,
        origins: o.allowOrigin,
        seconds: o.seconds,
      }),
    )(),
  );

program
  .command('send')
  .description('send a file (or standard input) to the running server, as a snippet')
  .argument('[file]', 'code to send (default: standard input)', sessionFile)
  .option('--session', 'evaluate as the whole session (signals it does not play stop)')
  .action((file: string | undefined, o) => run(() => send({ file, session: o.session === true }))());

program
  .command('repl')
  .description('a prompt to the running server')
  .action(() => run(() => repl({}))());

try {
  await program.parseAsync(process.argv);
  process.exit(exitCode);
} catch (error) {
  const code = (error as { code?: string; exitCode?: number }).code;
  if (code === 'commander.helpDisplayed' || code === 'commander.version' || code === 'commander.help') process.exit(0);
  if (code?.startsWith('commander.')) process.exit((error as { exitCode?: number }).exitCode || 1);
  console.error(`aither: ${(error as Error).message}`);
  process.exit(1);
}
