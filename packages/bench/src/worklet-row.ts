// The worklet processor's process() in Node: the bundle Chromium runs
// (@aither/backend-worklet/worklet), evaluated in a stand-in of the
// AudioWorkletGlobalScope, its port answered synchronously, metered on the
// shared clock a worker thread ticks (as a cross-origin isolated page's
// worker does) or unmetered.
import { Worker } from 'node:worker_threads';
import { CLOCK_BYTES, CLOCK_STALL_MS, CLOCK_TICK_MS, tickClock } from '@aither/backend-worklet';
import { BLOCK, measurePair, SR } from './measure.js';

interface Processor {
  port: { onmessage: ((event: { data: unknown }) => void) | null };
  process(inputs: Float32Array[][], outputs: Float32Array[][], parameters: object): boolean;
}
type ProcessorClass = new (options: { processorOptions: object }) => Processor;

/** Loads the worklet bundle once, in a stand-in scope; resolves with its processor class. */
async function processorClass(): Promise<ProcessorClass> {
  const g = globalThis as Record<string, unknown>;
  let registered: ProcessorClass | undefined;
  g.sampleRate = SR;
  g.currentFrame = 0;
  g.registerProcessor = (_name: string, cls: ProcessorClass) => {
    registered = cls;
  };
  g.AudioWorkletProcessor = class {
    port = { postMessage() {}, onmessage: null };
  };
  await import(import.meta.resolve('@aither/backend-worklet/worklet'));
  return registered!;
}

/** ns per quantum of process() metered vs unmetered, each playing `code`, timed in alternation. */
export async function workletMeters(code: string): Promise<{ metered: number; unmetered: number; ratio: number }> {
  const cls = await processorClass();
  const buffer = new SharedArrayBuffer(CLOCK_BYTES);
  const clock = new Worker(`const { workerData } = require('node:worker_threads'); (${tickClock.toString()})(workerData, ${CLOCK_TICK_MS}, ${CLOCK_STALL_MS});`, {
    eval: true,
    workerData: buffer,
  });
  const quantum = (options: object) => {
    const processor = new cls({ processorOptions: { channels: 2, realtime: true, lateAfterMs: 10, ...options } });
    processor.port.onmessage?.({ data: { v: 1, type: 'start', id: 1 } });
    processor.port.onmessage?.({ data: { v: 1, type: 'evaluate', id: 2, code, mode: 'session' } });
    const outputs = [[new Float32Array(BLOCK), new Float32Array(BLOCK)]];
    return () => void processor.process([], outputs, {});
  };
  try {
    const pair = await measurePair(quantum({ clock: buffer }), quantum({ meters: false }), { warmup: 2, seconds: 0.5, rounds: 9 });
    return { metered: pair.a.ns * BLOCK, unmetered: pair.b.ns * BLOCK, ratio: pair.ratio };
  } finally {
    await clock.terminate();
  }
}
