import type { Runtime } from '@aither/core';

/**
 * Resolves once `runtime` has rendered `seconds` more audio (a hush's fade, the silence after
 * it, and the frames a sink holds ahead of the device), polled every 5 ms; or after `capMs` of
 * wall time, for a sink that stopped pulling. Waiting on the wall clock alone cuts the fade on a
 * loaded machine, where the sink renders it late.
 */
export async function renderedFor(runtime: Pick<Runtime, 'frame' | 'sampleRate'>, seconds: number, capMs: number): Promise<void> {
  const until = runtime.frame + Math.ceil(seconds * runtime.sampleRate);
  const started = Date.now();
  while (runtime.frame < until && Date.now() - started < capMs) await new Promise((r) => setTimeout(r, 5));
}
