/**
 * How long the host's event loop was busy between two pulls of a sink: what
 * tells an underrun the runtime caused (rendering, evaluating, collecting
 * garbage took the time) from one the system caused (the loop was idle, and
 * the process was woken past its timer or not run at all).
 */
export class LoopWatch {
  private at: number;

  /** `busy`: milliseconds the loop has been busy in all (default: Node's event-loop utilisation, `active`; 0 where there is none, as in a browser). */
  constructor(private readonly busy: () => number = nodeBusy) {
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

/** The global `performance` of Node has `eventLoopUtilization`; a browser's does not (this package is bundled for the worklet too). */
function nodeBusy(): number {
  return (performance as { eventLoopUtilization?: () => { active: number } }).eventLoopUtilization?.().active ?? 0;
}
