import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { zeroCrossingHz } from '@aither/core';

export const root = fileURLToPath(new URL('../../..', import.meta.url));
export const cli = fileURLToPath(new URL('../dist/main.js', import.meta.url));

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'aither-cli-'));
}

/** Runs `aither ...args` to the end. */
export function aither(args: string[], options: { env?: NodeJS.ProcessEnv; input?: string; cwd?: string } = {}) {
  const run = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, ...options.env }, input: options.input, cwd: options.cwd ?? root });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** Starts `aither ...args` in the background, collecting its output. */
export function aitherBackground(args: string[], env: NodeJS.ProcessEnv = {}): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [cli, ...args], { env: { ...process.env, ...env }, cwd: root });
  let output = '';
  child.stdout!.on('data', (d) => (output += String(d)));
  child.stderr!.on('data', (d) => (output += String(d)));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** Waits until `test()` holds, polling. */
export async function until(test: () => boolean, ms = 10_000, what = 'condition'): Promise<void> {
  const end = Date.now() + ms;
  while (!test()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Pitch of channel 0 of stereo `samples` over frames [from, to), Hz, from rising zero crossings (core's {@link zeroCrossingHz}); 0 with fewer than two. */
export function pitch(samples: Float32Array, from: number, to: number, rate = 48000): number {
  // The first pair compared ends at frame `from` (core's first pair starts there).
  return zeroCrossingHz(samples.subarray(0, Math.min(samples.length, 2 * Math.ceil(to))), rate, 2, 0, Math.max(0, Math.floor(from) - 1));
}
