import type { SinkReport, SinkStatus } from '@aither/core';

/**
 * The counters behind {@link AudioSink.status}, and the one place a sink
 * reports through: a listener that throws is caught here, so a host's bug
 * never stops the device thread's caller.
 */
export class SinkCounters {
  running = false;
  framesRendered = 0;
  underruns = 0;
  underrunFrames = 0;
  underrunsBusy = 0;
  error: Error | undefined = undefined;
  private report: SinkReport = {};

  /** A new run: listeners of this start, the last error cleared. */
  begin(report: SinkReport | undefined): void {
    this.report = report ?? {};
    this.error = undefined;
    this.running = true;
  }

  /**
   * The device ran dry for `frames` frames. `busy`: the host's own work
   * explains it (see {@link SinkStatus.underrunsBusy}).
   */
  underrun(frames: number, busy = false): void {
    this.underruns++;
    this.underrunFrames += frames;
    if (busy) this.underrunsBusy++;
    const listener = this.report.underrun;
    if (listener) queueMicrotask(() => listener(frames));
  }

  /** The device failed: counted, reported once, the run over. */
  fail(cause: unknown): Error {
    const error = cause instanceof Error ? cause : new Error(String(cause));
    this.error = error;
    this.running = false;
    const listener = this.report.error;
    if (listener) queueMicrotask(() => listener(error));
    return error;
  }

  status(): SinkStatus {
    const status: SinkStatus = {
      running: this.running,
      framesRendered: this.framesRendered,
      underruns: this.underruns,
      underrunFrames: this.underrunFrames,
      underrunsBusy: this.underrunsBusy,
    };
    if (this.error) status.error = this.error;
    return status;
  }
}
