// Test support for native sinks, on a machine with no sound card: a PulseAudio
// daemon with a null sink (a device that plays at the system clock's pace and
// whose monitor can be recorded), and an ALSA configuration pointing at it:
// `default` and `aither_pulse` play into it, `aither_capture` also writes the
// exact bytes the stream carried to a file (ALSA's `file` plugin), so one
// device shows the samples, runs in real time and can really fail (kill the
// daemon and its next write fails); `aither_capture_fast` writes them over
// ALSA's `null` device, which takes audio as fast as it comes (no clock).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { alignment, firstDifference } from './compare.js';

const INSTALL = 'apt-get install -y --no-install-recommends pulseaudio pulseaudio-utils libasound2-plugins libasound2-dev';
const ENV = 'AITHER_PULSE_RIG';

/** Where a rig lives: its daemon's runtime folder, socket, ALSA configuration and capture file. */
export interface PulseRigPaths {
  dir: string;
  runtime: string;
  /** PulseAudio server address (`unix:` + socket). */
  server: string;
  /** The ALSA configuration (append to `ALSA_CONFIG_PATH`). */
  conf: string;
  /** What the ALSA device `aither_capture` writes: raw interleaved samples in the stream's format. */
  capture: string;
  /** What `aither_capture_fast` writes. */
  captureFast: string;
}

function pulsePluginPresent(): boolean {
  return ['/usr/lib', '/usr/lib64'].some((root) => {
    if (!existsSync(root)) return false;
    return readdirSync(root).some((d) => existsSync(join(root, d, 'alsa-lib', 'libasound_module_pcm_pulse.so')));
  });
}

function has(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/** What is missing for the rig, as an install instruction, or undefined when it can run. */
export function pulseRigMissing(): string | undefined {
  const missing = ['pulseaudio', 'parec'].filter((c) => !has(c));
  if (!pulsePluginPresent()) missing.push("ALSA's pulse plugin");
  if (missing.length === 0) return undefined;
  return `These tests play through a PulseAudio null sink and need ${missing.join(', ')}: ${INSTALL}`;
}

function paths(dir: string): PulseRigPaths {
  const runtime = join(dir, 'runtime');
  return {
    dir,
    runtime,
    server: `unix:${join(runtime, 'pulse', 'native')}`,
    conf: join(dir, 'asound.conf'),
    capture: join(dir, 'capture.raw'),
    captureFast: join(dir, 'capture-fast.raw'),
  };
}

/** A running rig, seen from a test (the globalSetup started it). */
export class PulseRig {
  readonly paths: PulseRigPaths;

  constructor(dir: string) {
    this.paths = paths(dir);
  }

  private env(): NodeJS.ProcessEnv {
    return { ...process.env, XDG_RUNTIME_DIR: this.paths.runtime, PULSE_SERVER: this.paths.server };
  }

  /** Starts the daemon and a low-latency monitor reader, which keeps the null sink rendering in small steps (unread, it renders up to 2 s at once and starves streams with small buffers). */
  start(): void {
    mkdirSync(this.paths.runtime, { recursive: true, mode: 0o700 });
    const run = spawnSync(
      'pulseaudio',
      ['--daemonize=yes', '--exit-idle-time=-1', '-n', '--log-level=error', '--load=module-null-sink sink_name=aither rate=48000 channels=2', '--load=module-native-protocol-unix'],
      { env: this.env(), encoding: 'utf8' },
    );
    if (run.status !== 0) throw new Error(`pulseaudio did not start (${run.status}): ${run.stderr}`);
    const reader = spawn('parec', ['--latency-msec=10', '-d', 'aither.monitor', '--format=s16le', '--rate=48000', '--channels=2'], {
      env: this.env(),
      stdio: 'ignore',
      detached: true,
    });
    reader.unref();
    this.settle();
  }

  /**
   * Waits until the null sink plays within 50 ms of real time. Until its
   * monitor has a reader, it renders up to 2 s ahead, then drains that at real
   * time: a stream that starts meanwhile is not pulled, fills its whole buffer
   * and keeps that as latency for good (node-speaker's: 0.5 s).
   */
  private settle(): void {
    const pause = new Int32Array(new SharedArrayBuffer(4));
    let latency = Number.POSITIVE_INFINITY;
    for (let waited = 0; waited < 5000; waited += 50) {
      const listed = spawnSync('pactl', ['list', 'sinks'], { env: this.env(), encoding: 'utf8' }).stdout ?? '';
      latency = Number(/Latency: (\d+) usec/.exec(listed)?.[1] ?? Number.POSITIVE_INFINITY);
      if (latency <= 50_000) return;
      Atomics.wait(pause, 0, 0, 50);
    }
    throw new Error(`the null sink still plays ${(latency / 1000).toFixed(0)} ms ahead of real time after 5 s`);
  }

  /** Whether the daemon runs. */
  running(): boolean {
    return spawnSync('pulseaudio', ['--check'], { env: this.env() }).status === 0;
  }

  /** Kills the daemon at once, without waiting (its reader exits with it). */
  stop(): void {
    spawnSync('pulseaudio', ['--kill'], { env: this.env() });
  }

  /** Kills the daemon (its clients' streams fail) and waits until it is gone. */
  async kill(): Promise<void> {
    spawnSync('pulseaudio', ['--kill'], { env: this.env() });
    for (let i = 0; i < 200 && this.running(); i++) await new Promise((r) => setTimeout(r, 25));
  }

  /** A capture file as floats: `float32le` as is, `s16le` divided by 32,768. */
  capture(format: 'float32' | 's16', device: 'aither_capture' | 'aither_capture_fast' = 'aither_capture'): Float32Array {
    const bytes = readFileSync(device === 'aither_capture' ? this.paths.capture : this.paths.captureFast);
    if (format === 'float32') return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + (bytes.length & ~3)));
    const ints = new Int16Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + (bytes.length & ~1)));
    return Float32Array.from(ints, (v) => v / 32768);
  }

  /** Records the null sink's monitor (what it played), stereo float at 48 kHz, until `stop()`. */
  async record(): Promise<{ stop(): Promise<Float32Array> }> {
    const file = join(this.paths.dir, `monitor-${Date.now()}.raw`);
    const child = spawn('sh', ['-c', `exec parec --latency-msec=10 -d aither.monitor --format=float32le --rate=48000 --channels=2 > "${file}"`], {
      env: this.env(),
      stdio: 'ignore',
    });
    // Recording has begun once the monitor's frames arrive (parec can take a while to connect on a busy machine).
    for (let i = 0; i < 500 && !(existsSync(file) && statSync(file).size > 0); i++) await new Promise((r) => setTimeout(r, 10));
    return {
      stop: async () => {
        const done = new Promise((r) => child.once('exit', r));
        child.kill('SIGINT');
        await done;
        const bytes = readFileSync(file);
        rmSync(file, { force: true });
        return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + (bytes.length & ~3)));
      },
    };
  }
}

const PREFIX = 'aither-pulse-';
/** The file in a rig's folder naming the process that set it up. */
const OWNER = 'owner';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Stops the daemons of rigs whose test run ended without its teardown (an
 * interrupted run), and removes their folders: a stale daemon and its reader
 * take CPU from the next run's real-time tests. A rig whose owner still runs
 * belongs to another test run and is left alone.
 */
function reapStaleRigs(): void {
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith(PREFIX)) continue;
    const dir = join(tmpdir(), name);
    const owner = Number(existsSync(join(dir, OWNER)) ? readFileSync(join(dir, OWNER), 'utf8') : Number.NaN);
    if (Number.isInteger(owner) && alive(owner)) continue;
    new PulseRig(dir).stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The rig the globalSetup started for this test run. */
export function pulseRig(): PulseRig {
  const dir = process.env[ENV];
  if (!dir) throw new Error(`no PulseAudio rig: add setupPulseRig as the vitest globalSetup (${ENV} is unset)`);
  return new PulseRig(dir);
}

/**
 * For a vitest `globalSetup`: starts a rig in a new temporary folder and
 * points ALSA at it through `ALSA_CONFIG_PATH` in this process's environment,
 * which the test workers inherit — so it is set before any native module in
 * them loads ALSA. Fails with what to install when PulseAudio is missing.
 * @returns the teardown (kills the daemon, removes the folder).
 * @example
 * ```ts
 * // vitest.setup.ts
 * export { setupPulseRig as default } from '@aither/sink-kit/pulse-rig';
 * ```
 */
export async function setupPulseRig(): Promise<() => Promise<void>> {
  const missing = pulseRigMissing();
  if (missing) throw new Error(missing);
  reapStaleRigs();
  const dir = mkdtempSync(join(tmpdir(), PREFIX));
  writeFileSync(join(dir, OWNER), String(process.pid));
  const p = paths(dir);
  const pulse = `type pulse\n  server "${p.server}"`;
  writeFileSync(
    p.conf,
    `pcm.!default {\n  ${pulse}\n}\nctl.!default {\n  ${pulse}\n}\npcm.aither_pulse {\n  ${pulse}\n}\n` +
      `pcm.aither_capture {\n  type file\n  slave.pcm "aither_pulse"\n  file "${p.capture}"\n  format "raw"\n}\n` +
      `pcm.aither_capture_fast {\n  type file\n  slave.pcm "null"\n  file "${p.captureFast}"\n  format "raw"\n}\n`,
  );
  const rig = new PulseRig(dir);
  rig.start();
  process.env[ENV] = dir;
  process.env.ALSA_CONFIG_PATH = `/usr/share/alsa/alsa.conf:${p.conf}`;
  return async () => {
    await rig.kill();
    rmSync(dir, { recursive: true, force: true });
  };
}

/**
 * PulseAudio's view of the streams playing, e.g. `Buffer Latency: 10687 usec;
 * Sink Latency: 2797 usec`: how much of each stream it holds, and the sink's
 * latency. Asked asynchronously: a synchronous child would hold the event
 * loop, and a sink pulled by it.
 */
export async function pulseView(rig: PulseRig): Promise<string> {
  const listed = await new Promise<string>((resolve) => {
    let out = '';
    const child = spawn('pactl', ['list', 'sink-inputs'], { env: { ...process.env, PULSE_SERVER: rig.paths.server }, stdio: ['ignore', 'pipe', 'ignore'] });
    child.stdout.setEncoding('utf8').on('data', (s: string) => (out += s));
    child.on('close', () => resolve(out));
  });
  return listed
    .split('\n')
    .filter((l) => /Latency/.test(l))
    .map((l) => l.trim())
    .join('; ');
}

/** What {@link playSine} measured. */
export interface SineTake {
  /** The sink's counters after it stopped. */
  status: { underruns: number; underrunFrames: number; framesRendered: number };
  /** The 440 Hz sine rendered (stereo, 0.3 peak) and what the monitor recorded meanwhile. */
  sine: Float32Array;
  monitor: Float32Array;
  /** Most frames rendered ahead of the wall clock since the first render, after the first half second (the device's start-up). */
  aheadFrames: number;
  /** Frames rendered per frame of wall-clock time over the take (1: real-time pace). */
  pace: number;
  /** PulseAudio's view of the stream midway: its buffer and the sink's latency, µs. */
  pulse: string;
}

/**
 * Plays `seconds` of a 440 Hz sine (then 0.7 s of silence, so its end is
 * heard) through `sink` at 48 kHz stereo while recording the null sink's monitor.
 */
export async function playSine(
  rig: PulseRig,
  sink: { start(render: (out: Float32Array, frames: number) => void): Promise<void>; stop(): Promise<void>; status(): SineTake['status'] },
  seconds = 3,
): Promise<SineTake> {
  const rate = 48000;
  const frames = seconds * rate;
  const sine = new Float32Array(frames * 2);
  for (let i = 0; i < frames; i++) sine[2 * i] = sine[2 * i + 1] = Math.fround(0.3 * Math.sin((2 * Math.PI * 440 * i) / rate));
  const recording = await rig.record();
  await new Promise((r) => setTimeout(r, 300));
  let at = 0;
  let first = 0;
  let ahead = 0;
  await sink.start((out, n) => {
    const now = performance.now();
    if (at === 0) first = now;
    out.fill(0, 0, n * 2);
    if (at < frames) out.set(sine.subarray(at * 2, Math.min(frames, at + n) * 2));
    at += n;
    if (at > rate / 2) ahead = Math.max(ahead, at - ((now - first) * rate) / 1000);
  });
  await new Promise((r) => setTimeout(r, 1500));
  const pulse = await pulseView(rig);
  while (sink.status().framesRendered < frames + 0.7 * rate) await new Promise((r) => setTimeout(r, 10));
  const pace = at / (((performance.now() - first) * rate) / 1000);
  await sink.stop();
  await new Promise((r) => setTimeout(r, 300));
  return { status: sink.status(), sine, monitor: await recording.stop(), aheadFrames: Math.round(ahead), pace, pulse };
}

/** The null sink mixes in 16 bits: each sample comes back within a step or two of what was sent. */
export const NULL_SINK_TOLERANCE = 2 / 32768;

/** What the monitor of a {@link SineTake} holds of its sine. */
export interface TakeHeard {
  /** Where the sine's first half second starts in the monitor, or −1 when it is not there. */
  at: number;
  /** The first sample of that half second the monitor does not hold (within the tolerance), or −1: it holds all of it. */
  firstWrong: number;
}

/**
 * Prints a take's figures (`label`: latency, most rendered ahead, pace,
 * PulseAudio's view, underruns, how much of the sine the monitor holds) and
 * returns what a test asserts: where the sine starts in the monitor and
 * whether its first half second is there exactly. The rest is printed, not
 * asserted: on a loaded machine a device may run dry later in a take.
 */
export function heardTake(label: string, sink: { readonly latencyFrames: number }, take: SineTake, tolerance = NULL_SINK_TOLERANCE): TakeHeard {
  const start = take.sine.subarray(0, 24000);
  const at = alignment(take.monitor, start, tolerance);
  const differs = at < 0 ? 0 : firstDifference(take.monitor.subarray(at, at + take.sine.length), take.sine, tolerance);
  const whole = differs === -1 ? 'all of it' : `up to frame ${differs >> 1} of ${take.sine.length >> 1}`;
  const ms = (((sink.latencyFrames / 48) * 10) | 0) / 10;
  console.info(
    `${label}: latency ${sink.latencyFrames} frames (${ms} ms); at most ${take.aheadFrames} frames rendered ahead of the clock; pace ${take.pace.toFixed(3)}; PulseAudio: ${take.pulse}; underruns ${take.status.underruns} (${take.status.underrunFrames} frames); the monitor holds the sine exactly: ${whole}`,
  );
  return { at, firstWrong: at < 0 ? 0 : firstDifference(take.monitor.subarray(at, at + start.length), start, tolerance) };
}

/**
 * Starts `sink` with a render that blocks for `ms` at its 100th call, and
 * stops it after its 200th: a sink must count that as an underrun.
 * @returns the sink's counters after it stopped.
 */
export async function blockOnce(
  sink: { start(render: (out: Float32Array, frames: number) => void): Promise<void>; stop(): Promise<void>; status(): SineTake['status'] },
  ms: number,
): Promise<SineTake['status']> {
  let calls = 0;
  await sink.start(() => {
    if (++calls === 100) {
      const until = performance.now() + ms;
      while (performance.now() < until);
    }
  });
  while (calls < 200) await new Promise((r) => setTimeout(r, 10));
  await sink.stop();
  return sink.status();
}
