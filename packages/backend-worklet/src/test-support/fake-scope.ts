// Loads the built worklet bundle in Node, inside a fake AudioWorkletGlobalScope:
// the same file Chromium runs, its processor class captured from
// registerProcessor and driven by hand (process() with preallocated buffers,
// a port whose messages the test reads).
import { pathToFileURL } from 'node:url';
import type { ProcessorInit } from '../messages.js';

/** A MessagePort stand-in: what the processor posts is kept in `sent`. */
export class FakePort {
  sent: unknown[] = [];
  onmessage: ((event: { data: unknown }) => void) | null = null;
  postMessage(message: unknown): void {
    this.sent.push(message);
  }
  /** Delivers `data` to the processor, as the main thread's postMessage would (synchronously here). */
  send(data: unknown): unknown[] {
    const before = this.sent.length;
    this.onmessage?.({ data });
    return this.sent.slice(before);
  }
}

interface ProcessorLike {
  process(inputs: Float32Array[][], outputs: Float32Array[][], parameters: Record<string, Float32Array>): boolean;
}

type ProcessorClass = new (options: { processorOptions: ProcessorInit }) => ProcessorLike;

const registered = new Map<string, ProcessorClass>();
let ports: FakePort[] = [];
const g = globalThis as Record<string, unknown>;

/** The scope's globals, set before the bundle is evaluated. */
function install(sampleRate: number): void {
  g.sampleRate = sampleRate;
  g.currentFrame = 0;
  g.registerProcessor = (name: string, cls: ProcessorClass) => {
    if (registered.has(name)) throw new Error(`NotSupportedError: ${name} is already registered`);
    registered.set(name, cls);
  };
  g.AudioWorkletProcessor = class {
    readonly port: FakePort;
    constructor() {
      this.port = new FakePort();
      ports.push(this.port);
    }
  };
}

/** The bundle as built (`pnpm build` first). */
export const BUNDLE = new URL('../../dist/aither.worklet.js', import.meta.url);

/** Evaluates the bundle at `sampleRate` (once per test file: a module is evaluated once) and returns what it registered. */
export async function loadBundle(sampleRate: number): Promise<{ registered: Map<string, ProcessorClass>; exports: Record<string, unknown> }> {
  install(sampleRate);
  const exports = (await import(pathToFileURL(BUNDLE.pathname).href)) as Record<string, unknown>;
  return { registered, exports };
}

/** A processor of `cls` with its port, as `new AudioWorkletNode(...)` would make one. */
export function construct(cls: ProcessorClass, init: ProcessorInit): { processor: ProcessorLike; port: FakePort } {
  ports = [];
  const processor = new cls({ processorOptions: init });
  return { processor, port: ports[0]! };
}
