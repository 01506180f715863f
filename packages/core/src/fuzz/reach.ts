// What each signal can reach, as the fuzzer knows it: session code wraps every
// signal in `use(helpers, fn, tainted)` (installed into the runtime's scope),
// which records fn -> the helpers it calls and returns fn unchanged.
import type { HelperState } from '../binding.js';
import { nodeOf } from '../kernel.js';
import type { Signal } from '../types.js';

/** The helpers one signal function calls. */
export interface Reach {
  /** Their handles on helper memory (kernels' `nodeOf(fn).state`, closures' `fn.handle`). */
  readonly handles: ReadonlySet<HelperState>;
  /** The helper functions themselves (kernels found through the graph included). */
  readonly helpers: readonly Signal[];
}

function handleOf(x: unknown): HelperState | null {
  const node = nodeOf(x);
  if (node) return node.state;
  const h = (x as { handle?: HelperState } | null)?.handle;
  return h ?? null;
}

export class ReachTable {
  private readonly bySignal = new WeakMap<Signal, Reach>();
  private readonly tainted = new WeakSet<Signal>();
  private readonly witnessed = new WeakSet<Signal>();
  /** The handles of every helper whose state may turn non-finite. */
  readonly taintedHandles: HelperState[] = [];
  /** Every stateful kernel recorded, neither tainted nor a witness's, in order of first sight. */
  readonly kernels: Signal[] = [];
  private readonly known = new WeakSet<Signal>();

  /** The `use` of session code: `use([helpers], fn, [helpers whose state may turn non-finite])`. */
  readonly use = (helpers: readonly Signal[], fn: Signal, taint: readonly Signal[] = []): Signal => this.record(helpers, fn, taint, false);
  /** The witnesses' `use`: their helpers are never shared with other signals. */
  readonly witness = (helpers: readonly Signal[], fn: Signal): Signal => this.record(helpers, fn, [], true);

  of(fn: Signal): Reach | undefined {
    return this.bySignal.get(fn);
  }

  /** May another signal call this helper (not a witness's, state never poisoned)? */
  shareable(helper: Signal): boolean {
    return !this.tainted.has(helper) && !this.witnessed.has(helper);
  }

  private record(list: readonly Signal[], fn: Signal, taint: readonly Signal[], witness: boolean): Signal {
    const handles = new Set<HelperState>();
    const helpers: Signal[] = [];
    const seen = new Set<unknown>();
    const visit = (x: unknown, bad: boolean): void => {
      if (typeof x !== 'function' || seen.has(x)) return;
      seen.add(x);
      const f = x as Signal;
      const h = handleOf(f);
      const node = nodeOf(f);
      if (bad) {
        this.tainted.add(f);
        if (h) this.taintedHandles.push(h);
      }
      if (witness) this.witnessed.add(f);
      if (h) {
        handles.add(h);
        helpers.push(f);
        if (node && !bad && !witness && !this.known.has(f) && !this.tainted.has(f)) {
          this.known.add(f);
          this.kernels.push(f);
        }
      }
      if (node) for (const input of node.inputs) visit(input, bad);
    };
    for (const x of taint) visit(x, true);
    for (const x of list) visit(x, false);
    visit(fn, false);
    this.bySignal.set(fn, { handles, helpers });
    return fn;
  }
}
