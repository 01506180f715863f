import { handleOf, type HelperState } from './binding.js';
import type { Claimant } from './blocks.js';
import { nodeOf, type NodeInfo } from './kernel.js';
import type { Signal } from './types.js';

/**
 * What a signal's function can reach, as far as the runtime can see: the
 * helper instances of its kernel graph, and whether it also calls functions
 * of its own (then it may call any helper in its scope; see registry.ts).
 */
export interface Reach {
  readonly states: ReadonlySet<HelperState>;
  readonly opaque: boolean;
}

/**
 * Walks a signal's graph: through every input of what `kernelOf` accepts as a
 * kernel; anything else is a function of its own (`other` sees it). Returns
 * the helper instances of the kernels walked, and whether it met anything else.
 */
export function walkGraph(
  root: Signal,
  kernelOf: (x: unknown) => NodeInfo | undefined,
  other?: (x: unknown, states: Set<HelperState>) => void,
): Reach & { states: Set<HelperState> } {
  const states = new Set<HelperState>();
  const seen = new Set<unknown>();
  let opaque = false;
  const visit = (x: unknown): void => {
    if (typeof x === 'number' || seen.has(x)) return;
    seen.add(x);
    const info = kernelOf(x);
    if (!info) {
      opaque = true;
      other?.(x, states);
      return;
    }
    if (info.state) states.add(info.state);
    info.inputs.forEach(visit);
  };
  visit(root);
  return { states, opaque };
}

/** The kernels' helper instances reached from `root` through kernel inputs, bound or not (and a marked closure's). */
export function reachOf(root: Signal): Reach {
  // A closure helper marked with its handle is seen too; what else it calls is not.
  return walkGraph(root, nodeOf, (x, states) => {
    const handle = handleOf(x);
    if (handle) states.add(handle);
  });
}

/** Most values a scan of the ambient scope looks at: a guard against huge user objects on globalThis. */
const MAX_VISITS = 10_000;
const MAX_DEPTH = 4;

/**
 * The helpers reachable from ambient values (the installed scope, what the
 * session keeps on globalThis): kernels through their inputs; plain objects
 * and arrays through their elements; any other function through `origin`,
 * the scope of the transaction that first saw it (its code could call any
 * helper built there). A function seen for the first time gets `scope`.
 */
export function scanAmbient(roots: readonly unknown[], origin: WeakMap<object, ReadonlySet<Claimant>>, scope: ReadonlySet<Claimant>): Set<Claimant> {
  const found = new Set<Claimant>();
  const seen = new Set<unknown>();
  let visits = 0;
  const visit = (x: unknown, depth: number): void => {
    if (x === null || (typeof x !== 'object' && typeof x !== 'function') || seen.has(x) || ++visits > MAX_VISITS) return;
    seen.add(x);
    if (typeof x === 'function') {
      const info = nodeOf(x);
      if (info) {
        if (info.state) found.add(info.state);
        for (const input of info.inputs) visit(input, depth);
        return;
      }
      const handle = handleOf(x);
      if (handle) found.add(handle);
      let from = origin.get(x);
      if (!from) {
        from = scope;
        origin.set(x, from);
      }
      for (const c of from) found.add(c);
      return;
    }
    if (depth >= MAX_DEPTH) return;
    if (Array.isArray(x)) {
      for (const v of x) visit(v, depth + 1);
      return;
    }
    const proto = Object.getPrototypeOf(x);
    if (proto !== Object.prototype && proto !== null) return;
    // A data property's value; an accessor's descriptor has none (its getter is not called).
    for (const key of Object.keys(x)) visit(Object.getOwnPropertyDescriptor(x, key)?.value, depth + 1);
  };
  for (const root of roots) visit(root, 0);
  return found;
}

/**
 * What a session may have put on globalThis: the values of enumerable data
 * properties that differ from `baseline` (what was there when the runtime
 * was made, the host's own globals, which hold no helpers of its sessions).
 */
export function globalValues(baseline: ReadonlyMap<string, unknown>): unknown[] {
  // An accessor reads as undefined (its getter is not called), as a missing key does: nothing to scan.
  return Object.keys(globalThis)
    .filter((key) => baseline.get(key) !== globalValue(key))
    .map((key) => globalValue(key));
}

/** The enumerable properties of globalThis now, each with its value (undefined for an accessor): see {@link globalValues}. */
export function globalBaseline(): Map<string, unknown> {
  return new Map(Object.keys(globalThis).map((key) => [key, globalValue(key)]));
}

/** The value of a data property of globalThis, undefined for an accessor (its getter is not called). */
function globalValue(key: string): unknown {
  return Object.getOwnPropertyDescriptor(globalThis, key)!.value;
}
