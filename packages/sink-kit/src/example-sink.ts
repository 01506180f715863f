import type { AudioSink, RenderBlock, SinkReport } from '@aither/core';
import { Pacer, SinkCounters } from '@aither/sink-kit';

/** A sink that plays at real-time pace into nothing: the whole of a backend's job. */
export class ExampleSink implements AudioSink {
  readonly blockFrames = 128;
  readonly latencyFrames = 4 * 128; // blocks rendered ahead of the device
  private readonly counters = new SinkCounters();
  private readonly pacer: Pacer;

  constructor(
    readonly sampleRate = 48000,
    readonly channels = 2,
  ) {
    this.pacer = new Pacer({ sampleRate, blockFrames: this.blockFrames, latencyFrames: this.latencyFrames }, channels, this.counters);
  }
  async start(render: RenderBlock, report?: SinkReport): Promise<void> {
    this.counters.begin(report); // a real device: open it here, reject if it cannot
    this.pacer.start(render); // a real device: hand it each rendered block (the pacer's onBlock)
  }
  async stop(): Promise<void> {
    this.pacer.stop();
    this.counters.running = false;
  }
  status() {
    return this.counters.status();
  }
}
