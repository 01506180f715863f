import type { RenderBlock } from '@aither/core';
import type { SinkCounters } from './counters.js';
import { LoopWatch } from './loop-watch.js';

/** Options of {@link Pacer}. */
export interface PacerOptions {
  sampleRate: number;
  blockFrames: number;
  /** Frames rendered ahead of the clock at most. */
  latencyFrames: number;
  /** Milliseconds since some origin (default `performance.now`): what the device's clock is derived from. */
  now?: () => number;
  /**
   * Blocks handed to the device that it has not accepted yet (a native write
   * still in progress). No block is rendered while `latencyFrames /
   * blockFrames` of them are outstanding: the device's own buffer is full and
   * holds writes back, so it is behind the clock, not dry — a late tick then
   * moves the clock back without counting an underrun. (Fewer outstanding
   * prove nothing: their completions may only wait for a busy event loop.) Call
   * {@link Pacer.wake} when one is accepted. Default: none ever outstanding.
   */
  pending?: () => number;
  /** Milliseconds the event loop has been busy in all (default: Node's event-loop utilisation), to tell whose an underrun is. */
  busy?: () => number;
}

/**
 * Pulls blocks at real-time pace by a clock of its own: the device "plays"
 * `sampleRate` frames per second of `now()`, and the pacer keeps what it has
 * rendered between that and `latencyFrames` ahead of it. When a tick comes so
 * late that the clock passed everything rendered, the gap is an underrun (the
 * device played silence) and the clock restarts from what was rendered; it
 * is the host's own when the loop was busy for the slack (`latencyFrames`
 * less a block) or longer since the tick before.
 * The null and WAV sinks use it; a device with a clock of its own paces by that instead.
 */
export class Pacer {
  private readonly options: Required<Omit<PacerOptions, 'busy'>>;
  private readonly watch: LoopWatch;
  private readonly slackMs: number;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private origin = 0;
  private rendered = 0;
  private render: RenderBlock | undefined;
  private block: Float32Array;

  constructor(
    options: PacerOptions,
    channels: number,
    private readonly counters: SinkCounters,
  ) {
    const { busy, ...rest } = options;
    this.options = { now: () => performance.now(), pending: () => 0, ...rest };
    this.watch = new LoopWatch(busy);
    this.slackMs = (1000 * Math.max(0, options.latencyFrames - options.blockFrames)) / options.sampleRate;
    this.block = new Float32Array(options.blockFrames * channels);
  }

  /** Starts the clock at zero frames played and renders the first `latencyFrames`. */
  start(render: RenderBlock, onBlock?: (block: Float32Array, frames: number) => void): void {
    this.render = render;
    this.onBlock = onBlock;
    this.rendered = 0;
    this.origin = this.options.now();
    this.watch.lap();
    this.tick();
  }

  stop(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.render = undefined;
  }

  private onBlock: ((block: Float32Array, frames: number) => void) | undefined;

  /** Ticks now (the device accepted a block it held back), if running. */
  wake(): void {
    if (!this.render) return;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.tick();
  }

  private readonly tick = (): void => {
    this.timer = undefined;
    const { sampleRate, blockFrames, latencyFrames, now, pending } = this.options;
    const played = Math.floor(((now() - this.origin) * sampleRate) / 1000);
    const most = Math.max(1, Math.floor(latencyFrames / blockFrames));
    const busy = this.watch.lap();
    if (played > this.rendered) {
      if (pending() < most) this.counters.underrun(played - this.rendered, busy >= this.slackMs);
      this.origin += ((played - this.rendered) * 1000) / sampleRate;
    }
    const until = Math.min(played, this.rendered) + latencyFrames;
    while (this.render && this.rendered + blockFrames <= until && pending() < most) {
      this.render(this.block, blockFrames);
      this.onBlock?.(this.block, blockFrames);
      this.rendered += blockFrames;
      this.counters.framesRendered += blockFrames;
    }
    if (!this.render) return;
    // Wake when the clock has played one block more than now (at least 1 ms: Node's timer resolution).
    const due = ((this.rendered - latencyFrames + blockFrames) * 1000) / sampleRate + this.origin - now();
    this.timer = setTimeout(this.tick, Math.max(1, Math.floor(due)));
  };
}
