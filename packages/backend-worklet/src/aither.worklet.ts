// The worklet entry: bundled with the core and the helper packages into one
// self-contained module, because `audioWorklet.addModule` loads one URL.
import { warmCases } from '@aither/helper-kit/table';
import * as helpers from '@aither/helpers';
import { CASES } from '@aither/helpers/cases';
import * as physical from '@aither/helpers-physical';
import { CASES as PHYSICAL_CASES } from '@aither/helpers-physical/cases';
import type { ProcessorInit } from './messages.js';
import { PROCESSOR_NAME } from './name.js';
import { ProcessorCore, type PortLike } from './processor.js';

// The AudioWorkletGlobalScope's names (TypeScript ships no lib for this scope).
declare const sampleRate: number;
declare const currentFrame: number;
declare class AudioWorkletProcessor {
  readonly port: PortLike;
  constructor(options?: unknown);
}
declare function registerProcessor(name: string, processor: new (options: { processorOptions: ProcessorInit }) => AudioWorkletProcessor): void;

/** The helper packages every session in the worklet has in scope. */
export const installed: ReadonlyArray<Record<string, unknown>> = [helpers, physical];

// Tools that check this bundle as shipped (that every helper is still written
// into compiled loops after bundling) import these from it.
export { createRuntime, inlineReport } from '@aither/core';

class AitherProcessor extends AudioWorkletProcessor {
  private readonly core: ProcessorCore;

  constructor(options: { processorOptions: ProcessorInit }) {
    super(options);
    const init = options.processorOptions;
    // Live, every use in the helpers' tables plays once, on the closure tier and on its loop,
    // before the first quantum is rendered: a helper's first use in this thread costs tens of
    // milliseconds, which heard while playing is a dropout (the first piece, the first reverb).
    const warmup = init.realtime ? warmCases(installed, { ...CASES, ...PHYSICAL_CASES }, sampleRate, init.channels, Date.now) : null;
    this.core = new ProcessorCore(this.port, sampleRate, installed, init, Date.now, warmup);
  }

  process(_inputs: Float32Array[][], outputs: Float32Array[][]): boolean {
    return this.core.process(outputs[0], currentFrame);
  }
}

// registerProcessor throws for a name already taken in this scope; a second
// copy of this module evaluated in the same context (another bundle of the
// page loading it) finds the mark and leaves the first registration alone.
const mark = Symbol.for(`aither.registered.${PROCESSOR_NAME}`);
const scope = globalThis as unknown as Record<symbol, boolean>;
if (!scope[mark]) {
  registerProcessor(PROCESSOR_NAME, AitherProcessor);
  scope[mark] = true;
}
