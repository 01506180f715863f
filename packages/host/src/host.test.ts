import { createRuntime } from '@aither/core';
import * as helpers from '@aither/helpers';
import { describe, expect, it } from 'vitest';
import { formatReply, Host, serve, WAVE_FRAMES } from './index.js';

function host(): Host {
  return new Host(createRuntime({ sampleRate: 48000, channels: 2, install: [helpers] }));
}

describe('Host', () => {
  it('evaluates, and a syntax error comes back with its line and column while the old code plays on bit-identically', () => {
    const h = host();
    const twin = host();
    expect(h.evaluate("play('a', gain(osc(440), 0.25))")).toEqual({ ok: true, registered: ['a'], removed: [], warnings: [] });
    twin.evaluate("play('a', gain(osc(440), 0.25))");
    const reply = h.evaluate("play('a', gain(osc(660), 0.25)\nplay('b', osc(1)");
    expect(reply.ok).toBe(false);
    if (reply.ok) return;
    expect(reply.line).toBe(2);
    expect(typeof reply.column).toBe('number');
    expect(formatReply('s.js', reply)).toMatch(/^s\.js:2:\d+: /);
    const a = new Float32Array(256);
    const b = new Float32Array(256);
    h.render(a, 128);
    twin.render(b, 128);
    expect(Array.from(a)).toEqual(Array.from(b));
  });

  it('warms a tiered runtime’s new loops between its renders: the same samples, every loop live in the end', () => {
    const code = "play('a', lpf(saw(110), 800, 0.4)); play('b', pan(tri(220), 0.3))";
    let clock = 0;
    // 0.05 ms per reading: a render (two readings) leaves most of a 2.7 ms block to warm in.
    const h = new Host(createRuntime({ sampleRate: 48000, channels: 2, install: [helpers], tiered: true, warmCalls: 20 }), () => (clock += 0.05));
    const flat = host();
    h.evaluate(code);
    flat.evaluate(code);
    expect(h.runtime.stats().warming).toBe(2);
    const [a, b] = [new Float32Array(256), new Float32Array(256)];
    for (let i = 0; i < 40; i++) {
      h.render(a, 128);
      flat.render(b, 128);
      expect(Array.from(a)).toEqual(Array.from(b));
    }
    expect(h.runtime.stats()).toMatchObject({ warming: 0, compiledSignals: 2, writtenIn: 2 });
  });

  it('warms nothing while its renders are behind real time: after a long evaluation, until they have caught up', () => {
    let clock = 0;
    let step = 0.05;
    const h = new Host(createRuntime({ sampleRate: 48000, channels: 2, install: [helpers], tiered: true, warmCalls: 20 }), () => (clock += step));
    step = 4; // the evaluation reads the clock twice: it took 4 ms, a block and a half
    h.evaluate("play('a', lpf(saw(110), 800, 0.4))");
    step = 0.05;
    const out = new Float32Array(256);
    const warming = () => (h.runtime.debug().registry as unknown as { playing: Array<{ warming?: { compiled?: unknown } }> }).playing[0]!.warming;
    h.render(out, 128); // 1.33 ms behind still: no step (the compile would be the first)
    expect(warming()).toEqual(expect.objectContaining({ compiled: undefined }));
    h.render(out, 128); // caught up by this one's end: warming starts with the next
    expect(warming()).toEqual(expect.objectContaining({ compiled: undefined }));
    h.render(out, 128); // the compile and 20 calls fit in the time this block leaves over
    expect(warming()).toBeUndefined();
    expect(h.runtime.stats()).toMatchObject({ warming: 0, compiledSignals: 1 });
  });

  it('warms again soon after its clock jumps (a shared clock read before its first tick): behind is bounded', () => {
    // The evaluation's two readings: 0 (before the first tick), then epoch milliseconds; 0.05 ms a reading after.
    const readings = [0, 1.8e12];
    let clock = 1.8e12;
    const h = new Host(
      createRuntime({ sampleRate: 48000, channels: 2, install: [helpers], tiered: true, warmCalls: 20 }),
      () => 0,
      () => {
        const next = readings.shift();
        if (next !== undefined) return next;
        clock += 0.05;
        return clock;
      },
    );
    h.evaluate("play('a', lpf(saw(110), 800, 0.4))");
    const out = new Float32Array(256);
    for (let i = 0; i < 200 && h.runtime.warming; i++) h.render(out, 128);
    expect(h.runtime.stats()).toMatchObject({ warming: 0, compiledSignals: 1 });
  });

  it('meters the peak and load of what it rendered, and starts a new period at each read', () => {
    let clock = 0;
    // Each render reads the clock twice (before, after): 1.25 ms of work per 10 ms block.
    const h = new Host(createRuntime({ sampleRate: 48000, channels: 1, install: [helpers] }), () => (clock += 1.25));
    h.evaluate("play('a', gain(osc(440), 0.25))");
    const out = new Float32Array(480);
    const render = h.render; // bound: what a sink calls
    for (let i = 0; i < 100; i++) render(out, 480);
    const m = h.meters();
    expect(m.peak).toBeCloseTo(0.25, 3);
    expect(m.signals).toBe(1);
    expect(m.seconds).toBeCloseTo(1, 6);
    expect(m.load).toBeCloseTo(0.125, 9);
    expect(h.meters().peak).toBe(0);
  });

  it('meters the pools, and each signal’s level once asked to', () => {
    const h = host();
    h.evaluate("play('a', gain(osc(440), 0.25)); play('b', gain(osc(220), 0.125))");
    const out = new Float32Array(2 * 4800);
    h.render(out, 4800);
    const plain = h.meters();
    expect(plain.levels).toBeUndefined();
    expect(plain.pool).toMatchObject({ signalSlotsUsed: 128, signalSlots: 256 * 64, blocks: 2 });
    expect(plain.pool!.helperSlotsUsed).toBeGreaterThan(0);
    expect(plain.pool!.helperSlots).toBe(40 * 48000); // the default pool: 40 s of slots at the rate
    h.meterSignals();
    h.render(out, 4800);
    const levels = h.meters().levels!;
    expect(levels.a).toBeCloseTo(0.25, 3);
    expect(levels.b).toBeCloseTo(0.125, 3);
  });

  it('hush fades everything out; panic stops at once', () => {
    const h = host();
    h.evaluate("play('a', gain(osc(440), 0.5))");
    const out = new Float32Array(2 * 4800);
    h.render(out, 4800);
    h.panic();
    h.render(out, 4800);
    expect(out.every((v) => v === 0)).toBe(true);
    expect(h.runtime.list()).toEqual([]);
  });
});

describe('serve: one message shape for every venue', () => {
  it('answers evaluate with a result, as a snippet unless told', () => {
    const h = host();
    h.evaluate("play('a', osc(440))");
    const m = serve(h, { v: 1, type: 'evaluate', id: 3, code: "play('b', osc(220))" });
    expect(m).toEqual({ v: 1, type: 'result', id: 3, reply: { ok: true, registered: ['b'], removed: [], warnings: [] } });
    expect(h.runtime.list().sort()).toEqual(['a', 'b']);
  });

  it('refuses another protocol version, an unknown type and a missing code, saying what is wrong', () => {
    const h = host();
    expect(serve(h, { v: 2, type: 'evaluate', id: 1, code: '' })).toEqual({
      v: 1,
      type: 'error',
      id: 1,
      message: 'protocol version 2 is not served here: this side speaks version 1',
    });
    expect(serve(h, { v: 1, type: 'launch', id: 2 })).toMatchObject({ type: 'error', id: 2, message: expect.stringContaining('evaluate, hush, panic, stats') });
    expect(serve(h, { v: 1, type: 'evaluate', id: 4 })).toMatchObject({ type: 'error', message: 'evaluate needs code (a string)' });
    expect(serve(h, 'hello')).toEqual({ v: 1, type: 'error', message: 'a message must be a JSON object' });
  });
});

describe('Host.wave', () => {
  it('holds the last 2048 frames rendered, mixed to mono, oldest first', () => {
    const h = new Host(createRuntime({ sampleRate: 48000, channels: 2, install: [helpers] }));
    h.keepWave();
    h.evaluate("play('a', pan(gain(osc(440), 0.5), -1))"); // left only: mono = left / 2
    const out = new Float32Array(2 * 128);
    const left: number[] = [];
    for (let b = 0; b < 20; b++) {
      h.render(out, 128);
      for (let i = 0; i < 128; i++) left.push(out[2 * i]!);
    }
    const wave = h.wave();
    expect(wave.length).toBe(WAVE_FRAMES);
    const want = left.slice(-WAVE_FRAMES).map((v) => Math.round((v / 2) * 1e5) / 1e5);
    const differ = wave.findIndex((v, i) => Math.abs(v - want[i]!) > 1e-12);
    expect(differ).toBe(-1);
    expect(Math.max(...wave)).toBeCloseTo(0.25, 2);
  });
});
