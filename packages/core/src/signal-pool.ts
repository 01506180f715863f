/**
 * Pool 1: each registered signal's own `s.state` slice. Fixed-size slices of
 * one master array, handed out by index; helpers never take from it, so no
 * helper can exhaust a signal's sandbox.
 */
export class SignalPool {
  readonly memory: Float64Array;
  private readonly freeSlots: number[] = [];
  private inUse = 0;

  constructor(
    readonly slotsPerSignal: number,
    readonly maxSignals: number,
  ) {
    if (!Number.isInteger(slotsPerSignal) || slotsPerSignal < 0) {
      throw new RangeError(`slotsPerSignal must be a non-negative integer, got ${slotsPerSignal}`);
    }
    if (!Number.isInteger(maxSignals) || maxSignals <= 0) {
      throw new RangeError(`maxSignals must be a positive integer, got ${maxSignals}`);
    }
    this.memory = new Float64Array(slotsPerSignal * maxSignals);
    for (let i = maxSignals - 1; i >= 0; i--) this.freeSlots.push(i);
  }

  get free(): number {
    return this.freeSlots.length;
  }

  get used(): number {
    return this.inUse;
  }

  /** Takes a zeroed slice; returns its index, or -1 when every slice is taken. */
  alloc(): number {
    const index = this.freeSlots.pop();
    if (index === undefined) return -1;
    this.view(index).fill(0);
    this.inUse++;
    return index;
  }

  release(index: number): void {
    this.freeSlots.push(index);
    this.inUse--;
  }

  /** The slice of signal `index`, as a view on the master array. */
  view(index: number): Float64Array {
    const start = index * this.slotsPerSignal;
    return this.memory.subarray(start, start + this.slotsPerSignal);
  }
}
