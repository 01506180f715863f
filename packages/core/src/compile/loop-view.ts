import type { SignalContext } from '../types.js';

/**
 * What a signal's loop reads and writes besides its constants: the helper
 * memory, the mix buffers and the context. A single loop reads them from its
 * view at the start of every call, so that the very same function (with the
 * type feedback and optimised code V8 keeps for it) can run on scratch
 * memory while it warms, then on the runtime's (see tier.ts).
 */
export class LoopView {
  constructor(
    public m: Float64Array,
    public acc: Float64Array,
    public out: Float32Array,
    public s: SignalContext,
  ) {}

  /** Points the view at `other`'s arrays and context. */
  copy(other: LoopView): void {
    this.m = other.m;
    this.acc = other.acc;
    this.out = other.out;
    this.s = other.s;
  }
}

// V8 treats a field written only by the constructor as a constant of every
// object of that shape, and an optimised loop would embed the first view's
// memory and deoptimise when a view is repointed. One view repointed here,
// once, makes the fields mutable for all.
const probe = new LoopView(new Float64Array(1), new Float64Array(1), new Float32Array(1), {} as SignalContext);
probe.copy(new LoopView(new Float64Array(1), new Float64Array(1), new Float32Array(1), {} as SignalContext));
