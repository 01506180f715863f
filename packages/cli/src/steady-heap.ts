import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * V8's memory reducer runs full collections of 5–20 ms on the main thread
 * some seconds after start-up, when the allocation rate falls — exactly what
 * a playing engine looks like — and each is heard as a dropout at a 16 ms
 * latency. The reducer is made when the heap is, so only a flag given to
 * node at launch turns it off (setting it later has no effect).
 */
export const STEADY_FLAG = '--no-memory-reducer';

/**
 * Runs this command again in a node launched with {@link STEADY_FLAG}, its
 * terminal and signals passed through; resolves with its exit code. Undefined
 * when this process already has the flag.
 */
export function relaunchSteady(): Promise<number> | undefined {
  if (process.execArgv.includes(STEADY_FLAG)) return undefined;
  const child = spawn(process.execPath, [...process.execArgv, STEADY_FLAG, ...process.argv.slice(1)], { stdio: 'inherit' });
  // A signal sent to this process alone (kill, a test) reaches the command; one from the terminal reaches both, which the command takes as one.
  const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, forward(signal));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve(code ?? 128 + (signal ? constants.signals[signal] : 0)));
  });
}

/** A full collection now: the garbage of loading is collected before the device starts, not while it plays. */
export function collectNow(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}
