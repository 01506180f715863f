/**
 * A fixed set of block buffers handed out in turn. A sink that keeps `ahead`
 * blocks queued at its device needs `ahead + 1` of them: the one being
 * rendered, and the ones the device may still read. No buffer is reused
 * before the device is done with it, and none is allocated while playing.
 */
export class BlockRing {
  readonly buffers: Float32Array[];
  private next = 0;

  constructor(count: number, blockFrames: number, channels: number) {
    if (!Number.isInteger(count) || count < 1) throw new RangeError(`BlockRing: count must be an integer >= 1, got ${count}`);
    this.buffers = Array.from({ length: count }, () => new Float32Array(blockFrames * channels));
  }

  /** The buffer to render into next: the one the device released longest ago. */
  take(): Float32Array {
    const buffer = this.buffers[this.next]!;
    this.next = this.next + 1 === this.buffers.length ? 0 : this.next + 1;
    return buffer;
  }
}
