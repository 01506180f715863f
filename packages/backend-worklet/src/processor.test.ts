import { readFileSync } from 'node:fs';
import { constants } from 'node:perf_hooks';
import { createRuntime } from '@aither/core';
import * as helpers from '@aither/helpers';
import * as physical from '@aither/helpers-physical';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ProcessorInit, WorkletResultMessage, WorkletStatsMessage } from './messages.js';
import { PROCESSOR_NAME } from './name.js';
import { BUNDLE, construct, loadBundle } from './test-support/fake-scope.js';
import { allocation } from './test-support/allocation.js';
import { nodeClock } from './test-support/node-clock.js';

// The processor as shipped (dist/aither.worklet.js) in a fake worklet scope:
// the code Chromium runs, driven quantum by quantum with preallocated buffers.
const SR = 48000;
const SEED = readFileSync(new URL('../../../examples/seed.js', import.meta.url), 'utf8');
const BIG = readFileSync(new URL('../../../examples/big.js', import.meta.url), 'utf8');
const INIT: ProcessorInit = { channels: 2, realtime: true, lateAfterMs: 10 };

let registered: Awaited<ReturnType<typeof loadBundle>>['registered'];
beforeAll(async () => {
  ({ registered } = await loadBundle(SR));
});

function processor(init: ProcessorInit = INIT) {
  const made = construct(registered.get(PROCESSOR_NAME)!, init);
  const planes = [new Float32Array(128), new Float32Array(128)];
  const outputs = [planes];
  const inputs: Float32Array[][] = [];
  const params = {};
  const g = globalThis as { currentFrame?: number };
  let frame = 0;
  const quantum = () => {
    g.currentFrame = frame;
    made.processor.process(inputs, outputs, params);
    frame += 128;
  };
  return { ...made, planes, quantum };
}

describe('the worklet bundle in a fake AudioWorkletGlobalScope', () => {
  it('registers one processor, under the versioned name, and a second copy of the module registers nothing', async () => {
    expect([...registered.keys()]).toEqual([PROCESSOR_NAME]);
    expect(PROCESSOR_NAME).toBe('aither-processor-v1');
    // Another URL is another module instance (a second bundle in the same scope).
    await import(`${BUNDLE.href}?copy`);
    expect([...registered.keys()]).toEqual([PROCESSOR_NAME]);
  });

  it('renders nothing until started, then exactly what the core renders for the same code', () => {
    const p = processor();
    const [reply] = p.port.send({ v: 1, type: 'evaluate', id: 1, code: SEED, mode: 'session' }) as WorkletResultMessage[];
    expect(reply).toMatchObject({ v: 1, type: 'result', id: 1, reply: { ok: true, registered: ['filtered-delayed-sine'] }, frame: 0 });
    p.quantum();
    expect(p.planes[0]!.every((v) => v === 0)).toBe(true);
    expect(p.port.send({ v: 1, type: 'start', id: 2 })).toEqual([{ v: 1, type: 'done', id: 2 }]);
    const rt = createRuntime({ sampleRate: SR, channels: 2, install: [helpers, physical] });
    rt.evaluate(SEED);
    const want = new Float32Array(256);
    let worst = 0;
    for (let q = 0; q < 200; q++) {
      p.quantum();
      rt.render(want, 128);
      for (let i = 0; i < 128; i++) worst = Math.max(worst, Math.abs(p.planes[0]![i]! - want[2 * i]!), Math.abs(p.planes[1]![i]! - want[2 * i + 1]!));
    }
    expect(worst).toBe(0);
    expect(rt.frame).toBe(200 * 128);
  });

  it('posts nothing from process(); faults wait for the stats request and go out in one batch, faults first', () => {
    const p = processor();
    p.port.send({ v: 1, type: 'start', id: 1 });
    p.port.send({
      v: 1,
      type: 'evaluate',
      id: 2,
      code: "play('ok', gain(osc(220), 0.1)); play('bad1', s => (s.t > 0.01 ? NaN : 0)); play('bad2', s => (s.t > 0.02 ? NaN : 0));",
      mode: 'session',
    });
    const before = p.port.sent.length;
    for (let q = 0; q < 100; q++) p.quantum();
    expect(p.port.sent.length).toBe(before);
    const batches = p.port.send({ v: 1, type: 'stats', id: 3 });
    expect(batches).toHaveLength(1);
    const batch = batches[0] as Array<{ type: string }>;
    expect(batch.map((m) => m.type)).toEqual(['fault', 'fault', 'stats']);
    expect(batch[0]).toMatchObject({ v: 1, type: 'fault', fault: { signal: 'bad1', kind: 'non-finite' } });
    const stats = batch[2] as WorkletStatsMessage;
    expect(stats).toMatchObject({ id: 3, meters: { signals: 3 }, audio: { faults: 2, framesRendered: 100 * 128, quanta: 100, sampleRate: SR, stopped: false, metered: true } });
    // The next batch carries only what happened since.
    expect((p.port.send({ v: 1, type: 'stats', id: 4 })[0] as unknown[]).length).toBe(1);
  });

  it('answers a syntax error with its line and column, and plays on bit-identically', () => {
    const p = processor();
    const twin = processor();
    for (const x of [p, twin]) {
      x.port.send({ v: 1, type: 'start', id: 1 });
      x.port.send({ v: 1, type: 'evaluate', id: 2, code: SEED, mode: 'session' });
      x.quantum();
    }
    const [m] = p.port.send({ v: 1, type: 'evaluate', id: 3, code: "play('a', gain(osc(660), 0.25));\nplay('b', osc(1)", mode: 'session' }) as WorkletResultMessage[];
    expect(m!.reply).toMatchObject({ ok: false, line: 2, column: expect.any(Number), message: expect.any(String) });
    for (let q = 0; q < 50; q++) {
      p.quantum();
      const a = Array.from(p.planes[0]!);
      twin.quantum();
      expect(a).toEqual(Array.from(twin.planes[0]!));
    }
  });
});

describe('process() allocates nothing', () => {
  // The processor's own work per quantum (meter, clock reads, de-interleaving)
  // on top of the core's render: a GC would mean something in it allocates.
  // Metered, the processor reads the shared clock a worker ticks (here a
  // worker thread running the browser worker's loop): a double read from
  // memory, where Date.now would return a new 16-byte heap number each time.
  it('60 s of the seed example through an unmetered process(): no GC event, nothing allocated per quantum', async () => {
    const p = processor({ ...INIT, meters: false });
    p.port.send({ v: 1, type: 'start', id: 1 });
    p.port.send({ v: 1, type: 'evaluate', id: 2, code: SEED, mode: 'session' });
    const sent = p.port.sent.length;
    const { kinds, perQuantum } = await allocation(p.quantum, 10, 60);
    expect(kinds).toEqual([]);
    expect(Math.abs(perQuantum)).toBeLessThan(1); // process.memoryUsage() itself is the rest
    console.log(`[figures] process() over 60 s of the seed (22,500 quanta), unmetered: ${kinds.length} GC events, ${perQuantum.toFixed(2)} bytes per quantum`);
    expect(p.port.sent.length).toBe(sent);
    expect(Math.max(...p.planes[0]!.map(Math.abs))).toBeGreaterThan(0);
    const [batch] = p.port.send({ v: 1, type: 'stats', id: 3 }) as [WorkletStatsMessage[]];
    expect(batch.at(-1)!.audio).toMatchObject({ metered: false, clock: 'none', maxProcessMs: 0, lateQuanta: 0, peakLoad: 0 });
  }, 60_000);

  it('metered on the shared clock, the seed allocates nothing per quantum (< 1 byte) and the load is measured', async () => {
    const clock = await nodeClock();
    try {
      const p = processor({ ...INIT, clock: clock.buffer });
      p.port.send({ v: 1, type: 'start', id: 1 });
      p.port.send({ v: 1, type: 'evaluate', id: 2, code: SEED, mode: 'session' });
      const { kinds, perQuantum } = await allocation(p.quantum, 10, 20);
      console.log(`[figures] process() metered on the shared clock: ${perQuantum.toFixed(2)} bytes per quantum, ${kinds.length} GC events`);
      expect(Math.abs(perQuantum)).toBeLessThan(1);
      expect(kinds).toEqual([]);
      // The clock is read: 30 s of the seed took milliseconds of the clock's time.
      const [batch] = p.port.send({ v: 1, type: 'stats', id: 3 }) as [WorkletStatsMessage[]];
      expect(batch.at(-1)!.audio).toMatchObject({ metered: true, clock: 'shared', quanta: (30 * SR) / 128 });
      expect(batch.at(-1)!.meters.load).toBeGreaterThan(0);
    } finally {
      await clock.stop();
    }
  }, 60_000);

  it('20 s of the 32-signal piece through process(), once its loops are live: no GC event beyond one late JIT tier-up', async () => {
    const p = processor();
    p.port.send({ v: 1, type: 'start', id: 1 });
    p.port.send({ v: 1, type: 'evaluate', id: 2, code: BIG, mode: 'session' });
    // Its signals play on their closures first (which allocate) while their loops warm between quanta.
    const warming = (id: number) => (p.port.send({ v: 1, type: 'stats', id }) as [WorkletStatsMessage[]])[0].at(-1)!.audio.warming;
    let quanta = 0;
    for (let id = 3; warming(id) > 0 && quanta < 60 * 375; id++) for (let i = 0; i < 375; i++, quanta++) p.quantum();
    expect(warming(0)).toBe(0);
    console.log(`[figures] the 32-signal piece's loops all live after ${(quanta / 375).toFixed(0)} s of quanta run back to back`);
    const { kinds } = await allocation(p.quantum, 1, 20);
    expect(kinds.filter((k) => k !== constants.NODE_PERFORMANCE_GC_MINOR)).toEqual([]);
    expect(kinds.length).toBeLessThanOrEqual(1);
  }, 60_000);
});
