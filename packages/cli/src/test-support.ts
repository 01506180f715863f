import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

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

/** Pitch of channel 0 of stereo `samples` over frames [from, to), Hz, from rising zero crossings (interpolated); 0 with fewer than two. */
export function pitch(samples: Float32Array, from: number, to: number, rate = 48000): number {
  let first = -1;
  let last = -1;
  let n = 0;
  for (let i = Math.max(1, Math.floor(from)); i < to; i++) {
    const a = samples[(i - 1) * 2]!;
    const b = samples[i * 2]!;
    if (a <= 0 && b > 0) {
      const at = i - 1 + -a / (b - a);
      if (first < 0) first = at;
      else n++;
      last = at;
    }
  }
  return n > 0 ? (n * rate) / (last - first) : 0;
}
