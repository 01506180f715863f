// What the fuzzer expects of runtime A beyond memory: which names play,
// which may fault (their code has a NaN modulator), which did fault, and the
// spec each name was last registered with (for the 'fix' operation).
import type { SignalSpec } from './ops.js';

export interface Registered {
  readonly sig: SignalSpec;
  /** Registered with its NaN modulator made finite. */
  readonly fixed: boolean;
}

export class Model {
  /** What `list()` must return (as a set). */
  readonly playing = new Set<string>();
  /** Names whose current code may legitimately produce a non-finite sample. */
  readonly mayFault = new Set<string>();
  /** Names muted for a fault since their last registration. */
  readonly faulted = new Set<string>();
  readonly last = new Map<string, Registered>();
  /** Instances installed into A's scope, by index in INSTALLS. */
  readonly installed = new Set<number>();

  /** A successful registration of `name` (sig null: a witness). Does not touch `playing`. */
  registered(name: string, sig: SignalSpec | null, fixed = false): void {
    this.faulted.delete(name);
    if (sig) {
      this.last.set(name, { sig, fixed });
      if (sig.nan !== null && !fixed) this.mayFault.add(name);
      else this.mayFault.delete(name);
    }
  }
}
