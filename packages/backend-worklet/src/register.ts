import { PROCESSOR_NAME } from './name.js';

type Loads = WeakMap<BaseAudioContext, Promise<void>>;

// Kept on globalThis under a shared symbol so that two copies of this module
// in one page (two bundles) still add the worklet module once per context.
const key = Symbol.for(`aither.loads.${PROCESSOR_NAME}`);
function loads(): Loads {
  const g = globalThis as unknown as Record<symbol, Loads | undefined>;
  const known = g[key] ?? new WeakMap();
  g[key] = known;
  return known;
}

/**
 * Where the worklet bundle lies by default: beside this module (bundlers such
 * as Vite follow `new URL(..., import.meta.url)` and copy the file).
 * @example `await context.audioWorklet.addModule(defaultModuleURL())`
 */
export function defaultModuleURL(): string {
  return new URL('./aither.worklet.js', import.meta.url).href;
}

/**
 * Adds the Aither worklet module to `context` once: later calls for the same
 * context return the first call's promise. A failed load is forgotten, so a
 * later call tries again.
 *
 * @param context - an `AudioContext` or `OfflineAudioContext`.
 * @param moduleURL - the worklet bundle (`@aither/backend-worklet/worklet`); default {@link defaultModuleURL}.
 * @example
 * ```ts
 * await loadProcessor(context);
 * const node = new AudioWorkletNode(context, PROCESSOR_NAME, options);
 * ```
 */
export function loadProcessor(context: BaseAudioContext, moduleURL: string | URL = defaultModuleURL()): Promise<void> {
  const map = loads();
  let loading = map.get(context);
  if (!loading) {
    loading = context.audioWorklet.addModule(String(moduleURL));
    map.set(context, loading);
    loading.catch(() => map.delete(context));
  }
  return loading;
}
