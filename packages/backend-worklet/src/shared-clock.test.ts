import { beforeAll, describe, expect, it } from 'vitest';
import { CLOCK_BYTES, clockView } from './clock.js';
import type { ProcessorInit, WorkletStatsMessage } from './messages.js';
import { PROCESSOR_NAME } from './name.js';
import { construct, loadBundle } from './test-support/fake-scope.js';
import { nodeClock } from './test-support/node-clock.js';

// The late-quanta meter on the shared clock, with the processor as shipped
// (dist/aither.worklet.js) in a fake worklet scope.
const SR = 48000;
const QUANTUM_MS = (128 * 1000) / SR;
const INIT: ProcessorInit = { channels: 2, realtime: true, lateAfterMs: 10 };
const TONE = "play('a', gain(osc(440), 0.1))";

let registered: Awaited<ReturnType<typeof loadBundle>>['registered'];
beforeAll(async () => {
  ({ registered } = await loadBundle(SR));
});

function processor(clock: SharedArrayBuffer) {
  const { processor, port } = construct(registered.get(PROCESSOR_NAME)!, { ...INIT, clock });
  const outputs = [[new Float32Array(128), new Float32Array(128)]];
  port.send({ v: 1, type: 'start', id: 1 });
  port.send({ v: 1, type: 'evaluate', id: 2, code: TONE, mode: 'session' });
  return {
    quanta: (n: number) => {
      for (let i = 0; i < n; i++) processor.process([], outputs, {});
    },
    audio: () => (port.send({ v: 1, type: 'stats', id: 3 })[0] as WorkletStatsMessage[]).at(-1)!.audio,
  };
}

/**
 * Holds the thread for `ms` (as a long evaluation would), and on until the
 * shared clock shows the time (its worker may not have been scheduled
 * meanwhile); returns how long it held the thread, ms.
 */
function hold(ms: number, time: Float64Array): number {
  const started = performance.now();
  while (performance.now() - started < ms);
  while (time[0]! < performance.timeOrigin + performance.now() - 1);
  return performance.now() - started;
}

describe('the shared clock', () => {
  it('is the time since the epoch, ticked by its worker until stopped', async () => {
    const clock = await nodeClock();
    const { time } = clockView(clock.buffer);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(Math.abs(time[0]! - Date.now())).toBeLessThan(20);
    await clock.stop();
    const last = time[0];
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(time[0]).toBe(last);
  });

  it('counts a 60 ms stall of the audio thread as its late quanta, beyond the 10 ms the device buffer absorbs', async () => {
    const clock = await nodeClock();
    const { time } = clockView(clock.buffer);
    try {
      const p = processor(clock.buffer);
      let before = p.audio();
      // 100 quanta at real-time pace, as a device would pull them.
      const started = performance.now();
      for (let q = 0; q < 100; q++) {
        while (performance.now() - started < q * QUANTUM_MS);
        p.quanta(1);
        if (q === 98) before = p.audio(); // a warm-up quantum may have been late itself (a JIT compile)
      }
      const held = hold(60, time);
      p.quanta(1);
      const audio = p.audio();
      expect(audio.clock).toBe('shared');
      expect(audio.lateEpisodes - before.lateEpisodes).toBe(1);
      // Behind by the stall less the one quantum of audio it was allowed, read
      // within a tick (1 ms) at each end; on a busy machine the thread may
      // also lose a few ms around the stall. Less the 10 ms the buffer absorbs.
      const late = audio.lateQuanta - before.lateQuanta;
      expect(late).toBeGreaterThanOrEqual(Math.ceil((held - QUANTUM_MS - 2 - 10) / QUANTUM_MS));
      expect(late).toBeLessThanOrEqual(Math.ceil((held + 5 - 10) / QUANTUM_MS));
    } finally {
      await clock.stop();
    }
  });

  // A clock written by hand: it runs at real-time pace, then stands still
  // over 40 quanta (107 ms of audio) and jumps to the time, as a worker not
  // scheduled for 107 ms would; its tick after the jump opens a new epoch.
  function frozen(newEpoch: boolean, stallMs: number) {
    const buffer = new SharedArrayBuffer(CLOCK_BYTES);
    const { time, flags } = clockView(buffer);
    time[0] = 1e12;
    Atomics.store(flags, 0, 1);
    const p = processor(buffer);
    for (let q = 0; q < 40; q++) {
      p.quanta(1);
      time[0] = time[0]! + QUANTUM_MS;
    }
    // The audio thread stalls `stallMs` while the clock stands still: it renders that much less audio meanwhile.
    const rendered = Math.round((40 * QUANTUM_MS - stallMs) / QUANTUM_MS);
    p.quanta(rendered);
    time[0] = time[0]! + 40 * QUANTUM_MS;
    if (newEpoch) Atomics.add(flags, 0, 1);
    p.quanta(1);
    return { audio: p.audio(), lateMs: (40 - rendered) * QUANTUM_MS };
  }

  it('a clock that stood still and jumped (its worker not scheduled) is no lateness where the audio thread kept pace', () => {
    // What the epoch guards against: read across the jump, 107 ms of lateness (less the 10 ms absorbed).
    const misread = frozen(false, 0).audio;
    expect(misread.lateEpisodes).toBe(1);
    expect(misread.lateQuanta).toBeGreaterThanOrEqual(Math.floor((40 * QUANTUM_MS - 10) / QUANTUM_MS) - 1);
    expect(frozen(true, 0).audio).toMatchObject({ lateEpisodes: 0, lateQuanta: 0 });
  });

  it('the audio thread stalling 60 ms while the clock stood still is counted as such: measured from before the clock stood still', () => {
    const { audio, lateMs } = frozen(true, 60);
    expect(audio.lateEpisodes).toBe(1);
    expect(audio.lateQuanta).toBe(Math.ceil((lateMs - 10) / QUANTUM_MS - 1e-9));
  });
});
