import { describe, expect, it } from 'vitest';
import { SinkCounters } from './counters.js';
import { Pacer } from './pacer.js';

// A clock the test moves by hand, so the pacer's decisions are exact.
function rig(accepted: () => number) {
  let ms = 0;
  const counters = new SinkCounters();
  counters.begin(undefined);
  let blocks = 0;
  const pending = () => blocks - accepted();
  const pacer = new Pacer({ sampleRate: 1000, blockFrames: 10, latencyFrames: 30, now: () => ms, pending }, 1, counters);
  pacer.start(() => blocks++);
  return { counters, pacer, blocks: () => blocks, advance: (by: number) => (ms += by) };
}

describe('Pacer with a device that holds writes back', () => {
  it('renders no block while latency/block writes are outstanding, and renders on wake once one is accepted', () => {
    let accepted = 0;
    const r = rig(() => accepted);
    expect(r.blocks()).toBe(3); // 30 frames of latency: 3 blocks written, none accepted yet
    r.advance(20);
    r.pacer.wake();
    expect(r.blocks()).toBe(3); // the clock allows 2 more, the device took none
    accepted = 1;
    r.pacer.wake();
    expect(r.blocks()).toBe(4);
    r.pacer.stop();
  });

  it('moves its clock back without an underrun when the device is behind (a write outstanding), and counts one when it ran dry', () => {
    let accepted = 0;
    const r = rig(() => accepted);
    r.advance(100); // the clock passed all 30 frames rendered, but the device still held all three writes
    r.pacer.wake();
    expect(r.counters.underruns).toBe(0);
    accepted = r.blocks();
    r.advance(100);
    r.pacer.wake();
    expect(r.counters.underruns).toBe(1);
    expect(r.counters.underrunFrames).toBeGreaterThan(0);
    r.pacer.stop();
  });
});

describe('Pacer: whose an underrun is', () => {
  // 1 kHz, blocks of 10 frames, 30 frames ahead: the slack is 20 ms.
  function dry(busyMs: number) {
    let ms = 0;
    let busy = 0;
    const counters = new SinkCounters();
    counters.begin(undefined);
    const pacer = new Pacer({ sampleRate: 1000, blockFrames: 10, latencyFrames: 30, now: () => ms, busy: () => busy }, 1, counters);
    pacer.start(() => {});
    ms += 100; // the next tick comes 100 ms late, after `busyMs` of work on the loop
    busy += busyMs;
    pacer.wake();
    pacer.stop();
    return counters.status();
  }

  it('counts it as not its own when the loop was busy for less than the slack (the system woke the process late)', () => {
    expect(dry(5)).toMatchObject({ underruns: 1, underrunsBusy: 0 });
    expect(dry(19.9)).toMatchObject({ underruns: 1, underrunsBusy: 0 });
  });

  it("counts it as the host's own when the loop was busy for the slack or more (rendering, evaluating, collecting)", () => {
    expect(dry(20)).toMatchObject({ underruns: 1, underrunsBusy: 1 });
    expect(dry(90)).toMatchObject({ underruns: 1, underrunsBusy: 1 });
  });
});
