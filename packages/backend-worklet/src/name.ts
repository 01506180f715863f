import { PROTOCOL_VERSION } from '@aither/host';

/**
 * The name the processor is registered under in an AudioWorkletGlobalScope.
 * It carries the message version: a page that loads a newer bundle next to an
 * older one in the same context gets two processors that each speak their own
 * messages, instead of one name answering in a shape the other side misreads.
 */
export const PROCESSOR_NAME = `aither-processor-v${PROTOCOL_VERSION}`;

/** Frames per `process()` call: the Web Audio render quantum. */
export const QUANTUM_FRAMES = 128;
