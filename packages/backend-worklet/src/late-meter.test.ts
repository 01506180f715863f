import { describe, expect, it } from 'vitest';
import { LateMeter } from './late-meter.js';

const SR = 44100;
const QUANTUM_MS = (128 * 1000) / SR;

function call(meter: LateMeter, nowMs: number, elapsedMs = 0, handledMs = 0, clockStood = 0): void {
  meter.input[0] = nowMs;
  meter.input[1] = elapsedMs;
  meter.input[2] = handledMs;
  meter.input[3] = clockStood;
  meter.record();
}

/**
 * Drives a meter the way Chromium's audio thread calls process(): a device
 * callback every 10 ms renders the quanta that fill its buffer back to back
 * (3 or 4 of 128 frames). `stallAt` (ms) holds the thread `stallMs` in a
 * message handler before the next call; it then renders what it missed back to back.
 */
function drive(meter: LateMeter, seconds: number, { stallAt = -1, stallMs = 0, clockSkew = 1 } = {}): void {
  let now = 1_000_000;
  let frames = 0;
  let stalled = false;
  for (let t = 0; t < seconds * 1000; t += 10) {
    let handled = 0;
    if (!stalled && stallAt >= 0 && t >= stallAt) {
      stalled = true;
      now += stallMs;
      handled = stallMs;
    }
    // Render until the buffer holds the device's next 10 ms (the device clock runs at `clockSkew`).
    while (frames / SR < (t / 1000 + 0.01) * clockSkew) {
      call(meter, Math.floor(now), 0, handled);
      handled = 0;
      frames += 128;
      now += 0.05;
    }
    now = Math.max(now, 1_000_000 + t + 10);
  }
}

describe('LateMeter', () => {
  it('counts no late quantum while the thread keeps pace, in bursts of 3–4 quanta per 10 ms callback', () => {
    const meter = new LateMeter(SR, 10);
    drive(meter, 5);
    expect(meter.quanta).toBeGreaterThan(1700);
    expect(meter.lateQuanta).toBe(0);
    expect(meter.worstLateMs).toBeLessThan(10);
  });

  it('counts a 100 ms stall as one dropout of the time the device ran dry, in quanta; catching up is not counted again', () => {
    const meter = new LateMeter(SR, 10);
    drive(meter, 3, { stallAt: 1000, stallMs: 100 });
    expect(meter.lateEpisodes).toBe(1);
    // (100 − 10) ms past what the buffer absorbs, 2.9 ms per quantum.
    expect(meter.lateQuanta).toBeGreaterThanOrEqual(Math.floor(90 / QUANTUM_MS) - 2);
    expect(meter.lateQuanta).toBeLessThanOrEqual(Math.ceil(100 / QUANTUM_MS) + 2);
    expect(meter.worstLateMs).toBeGreaterThan(95);
  });

  it('counts every dropout of a thread that stays too slow, and its slow quanta', () => {
    const meter = new LateMeter(SR, 10);
    let now = 0;
    // 1.5 quanta of work per quantum for 1 s of audio: it falls behind by half a quantum each call.
    for (let q = 0; q < SR / 128; q++) {
      call(meter, now, 1.5 * QUANTUM_MS);
      now += 1.5 * QUANTUM_MS;
    }
    // Behind by 0.5 s in all, minus what the buffer absorbed once.
    expect(meter.lateQuanta * QUANTUM_MS).toBeGreaterThan(0.5 * 1000 * 0.5 - 10 - 2 * QUANTUM_MS);
    expect(meter.lateEpisodes).toBeGreaterThan(10);
    expect(meter.slowQuanta).toBe(Math.ceil(SR / 128));
  });

  it('takes a pause it did not spend in its handlers for a suspended context, not for lateness', () => {
    const meter = new LateMeter(SR, 10);
    let now = 0;
    for (let q = 0; q < 100; q++) {
      now += QUANTUM_MS;
      call(meter, now);
    }
    now += 5000; // suspended
    for (let q = 100; q < 200; q++) {
      now += QUANTUM_MS;
      call(meter, now);
    }
    expect(meter.lateQuanta).toBe(0);
  });

  it('does not count a device clock 100 ppm slower than Date.now as lateness over an hour', () => {
    const meter = new LateMeter(SR, 10);
    let now = 0;
    for (let q = 0; q < (3600 * SR) / 128; q++) {
      now += QUANTUM_MS * 1.0001;
      call(meter, Math.floor(now));
    }
    expect(meter.lateQuanta).toBe(0);
  });

  it('counts nothing when disabled (offline)', () => {
    const meter = new LateMeter(SR, 10, false);
    drive(meter, 2, { stallAt: 500, stallMs: 300 });
    expect(meter.lateQuanta).toBe(0);
    expect(meter.quanta).toBeGreaterThan(0);
  });

  it('a clock that stood still: measured from before it did, and a dropout counted on the frozen value is not counted again', () => {
    const meter = new LateMeter(SR, 10);
    let now = 1_000_000;
    for (let q = 0; q < 100; q++, now += QUANTUM_MS) call(meter, now);
    // The thread stalls 50 ms; the clock's own thread then stands still for 20 quanta and jumps.
    now += 50;
    call(meter, now);
    const counted = meter.lateQuanta;
    expect(counted).toBe(Math.ceil((50 - 10) / QUANTUM_MS));
    for (let q = 0; q < 20; q++) call(meter, now);
    now += 21 * QUANTUM_MS;
    call(meter, now, 0, 0, 1);
    expect(meter).toMatchObject({ lateEpisodes: 1, lateQuanta: counted });
  });
});
