// The shared clock in Node: the same loop the browser's clock worker runs
// (its source text, as `startClock` sends it), in a worker thread.
import { Worker } from 'node:worker_threads';
import { CLOCK_BYTES, CLOCK_STALL_MS, CLOCK_TICK_MS, clockView, tickClock } from '../clock.js';

/** A ticking clock buffer for `ProcessorInit.clock`; `stop` ends its thread. */
export async function nodeClock(): Promise<{ buffer: SharedArrayBuffer; stop(): Promise<void> }> {
  const buffer = new SharedArrayBuffer(CLOCK_BYTES);
  const source = `const { workerData } = require('node:worker_threads'); (${tickClock.toString()})(workerData, ${CLOCK_TICK_MS}, ${CLOCK_STALL_MS});`;
  const worker = new Worker(source, { eval: true, workerData: buffer });
  const { flags } = clockView(buffer);
  // Ticking once its first tick has opened an epoch.
  while (Atomics.load(flags, 0) === 0) await new Promise((resolve) => setTimeout(resolve, 1));
  return {
    buffer,
    stop: async () => {
      Atomics.store(flags, 1, 1);
      Atomics.notify(flags, 1);
      await worker.terminate();
    },
  };
}
