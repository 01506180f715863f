/**
 * A clock the audio thread reads without allocating.
 *
 * An AudioWorkletGlobalScope has no `performance`; its one wall clock is
 * `Date.now`, which V8 returns as a new heap number per reading (16 bytes in
 * Node), even from optimised code that stores it straight into a
 * Float64Array: the number is made inside the runtime call. So a
 * worker (which has `performance`) ticks the time into a SharedArrayBuffer
 * every {@link CLOCK_TICK_MS}, and the processor reads it as a plain double.
 *
 * Layout of the buffer ({@link CLOCK_BYTES}): a float64 at byte 0, the time
 * (ms since the epoch, sub-millisecond); an int32 at byte 8, the clock's
 * epoch; an int32 at byte 12, set to stop the worker. The epoch counts the
 * ticks after which the clock had stood still: the first one (the time jumps
 * from 0), and every tick that came more than {@link CLOCK_STALL_MS} late (a
 * worker not scheduled for a while, as on a machine whose cores are all
 * busy). A reader that sees the epoch change knows its readings of the
 * previous value may be stale (see `LateMeter`).
 *
 * What a worker cannot give: while it is not scheduled, the time stands still
 * for the audio thread too, so a render's length (the load meter) reads 0
 * on a machine too busy to run the worker beside the audio thread.
 */
export const CLOCK_BYTES = 16;

/** ms between ticks: the clock's resolution, that of `Date.now`. */
export const CLOCK_TICK_MS = 1;

/** A tick this many ms later than due starts a new epoch. */
export const CLOCK_STALL_MS = 1;

/** The reader's views of a clock buffer. */
export interface ClockView {
  /** `[0]`: the time, ms. */
  time: Float64Array;
  /** `[0]`: the epoch (read with `Atomics.load`); `[1]`: non-zero stops the ticking. */
  flags: Int32Array;
}

/** Views over a clock buffer made by {@link startClock} (or any of {@link CLOCK_BYTES}). */
export function clockView(buffer: SharedArrayBuffer): ClockView {
  return { time: new Float64Array(buffer, 0, 1), flags: new Int32Array(buffer, 8, 2) };
}

/**
 * The worker's loop: writes the time into `buffer` every `tickMs` until the
 * stop flag is set. Self-contained (no imports, no closure): its source text
 * is the worker's script.
 */
export function tickClock(buffer: SharedArrayBuffer, tickMs: number, stallMs: number): void {
  const time = new Float64Array(buffer, 0, 1);
  const flags = new Int32Array(buffer, 8, 2);
  const origin = performance.timeOrigin;
  let last = Number.NEGATIVE_INFINITY;
  while (Atomics.load(flags, 1) === 0) {
    const now = origin + performance.now();
    // The epoch before the time: a reader that reads the time, then the
    // epoch, never sees a jump without its new epoch.
    if (now - last > tickMs + stallMs) Atomics.add(flags, 0, 1);
    time[0] = now;
    last = now;
    Atomics.wait(flags, 1, 0, tickMs);
  }
}

/** The source of a script that runs {@link tickClock} on the buffer it is sent, after saying it started. */
export function clockScript(tickMs = CLOCK_TICK_MS, stallMs = CLOCK_STALL_MS): string {
  return `onmessage = (event) => { postMessage('ticking'); (${tickClock.toString()})(event.data, ${tickMs}, ${stallMs}); };`;
}

/** A running clock: its buffer (for `ProcessorInit.clock`) and how to stop its worker. */
export interface SharedClock {
  buffer: SharedArrayBuffer;
  stop(): void;
}

/**
 * Starts a clock worker, or resolves undefined where the page cannot share
 * memory with the audio thread (not cross-origin isolated) or start a worker
 * from a blob (a content security policy): the processor then reads
 * `Date.now`, allocating its readings.
 */
export async function startClock(timeoutMs = 2000): Promise<SharedClock | undefined> {
  const g = globalThis as { crossOriginIsolated?: boolean };
  if (typeof SharedArrayBuffer === 'undefined' || typeof Worker === 'undefined' || g.crossOriginIsolated !== true) return undefined;
  const buffer = new SharedArrayBuffer(CLOCK_BYTES);
  const url = URL.createObjectURL(new Blob([clockScript()], { type: 'text/javascript' }));
  let worker: Worker | undefined;
  try {
    worker = new Worker(url);
    const started = worker;
    const ticking = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      started.onmessage = () => {
        clearTimeout(timer);
        resolve(true);
      };
      started.onerror = () => {
        clearTimeout(timer);
        resolve(false);
      };
      started.postMessage(buffer);
    });
    if (!ticking) {
      started.terminate();
      return undefined;
    }
    const flags = clockView(buffer).flags;
    return {
      buffer,
      stop: () => {
        Atomics.store(flags, 1, 1);
        Atomics.notify(flags, 1);
        started.terminate();
      },
    };
  } catch {
    worker?.terminate();
    return undefined;
  } finally {
    URL.revokeObjectURL(url);
  }
}
