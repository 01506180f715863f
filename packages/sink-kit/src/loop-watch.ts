import { performance } from 'node:perf_hooks';

/**
 * How long the host's event loop was busy between two pulls of a sink: what
 * tells an underrun the runtime caused (rendering, evaluating, collecting
 * garbage took the time) from one the system caused (the loop was idle, and
 * the process was woken past its timer or not run at all).
 */
export class LoopWatch {
  private at: number;

  /** `busy`: milliseconds the loop has been busy in all (default: Node's event-loop utilisation, `active`). */
  constructor(private readonly busy: () => number = () => performance.eventLoopUtilization().active) {
    this.at = busy();
  }

  /** Milliseconds the loop was busy since the last call (or since construction). */
  lap(): number {
    const now = this.busy();
    const ms = now - this.at;
    this.at = now;
    return ms;
  }
}
