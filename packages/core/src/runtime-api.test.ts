// The runtime's reporting surface: faults and their listeners, levels, stats,
// the scope and the catalog, checked on exact values and messages.
import { describe, expect, it } from 'vitest';
import { createRuntime } from './runtime.js';
import { knan, kramp, kthrow, renderFrames } from './test-support.js';
import type { SignalFault } from './types.js';

const SR = 48000;
const mono = () => createRuntime({ sampleRate: SR, channels: 1, helperPoolSize: 4096 });
const TAIL = 'It is muted; the others play on. Fix it and evaluate again: it restarts with fresh state.';

describe('faults', () => {
  it('a signal that throws is muted and reported with its time and error; the others play on', () => {
    const rt = mono();
    const boom = new Error('boom');
    rt.register(
      'x',
      (s) => {
        if (s.frame === 4800) throw boom;
        return 0.5;
      },
      { fadeSeconds: 0 },
    );
    rt.register('y', () => 0.25, { fadeSeconds: 0 });
    const out = renderFrames(rt, 4810);
    expect([out[4799], out[4800], out[4809]]).toEqual([0.75, 0.25, 0.25]);
    const faults = rt.drainErrors();
    expect(faults).toEqual([{ signal: 'x', kind: 'threw', message: `Signal 'x' threw at t=0.100s: boom. ${TAIL}`, frame: 4800, error: boom }]);
    expect(rt.drainErrors()).toEqual([]);
    expect(rt.list()).toEqual(['x', 'y']);
  });

  it('a thrown non-Error is named by its string', () => {
    const rt = mono();
    rt.register('x', () => {
      throw 'text';
    });
    renderFrames(rt, 1);
    expect(rt.drainErrors()[0]!.message).toBe(`Signal 'x' threw at t=0.000s: text. ${TAIL}`);
  });

  it('a compiled signal that turns non-finite is muted from that frame and reported with its value, without an error', () => {
    const rt = mono();
    rt.register('n', knan(100), { fadeSeconds: 0 });
    rt.register('r', kramp(SR / 1000), { fadeSeconds: 0 });
    const out = renderFrames(rt, 200);
    expect(out[99]).toBe(Math.fround(0.099));
    expect(out[100]).toBe(Math.fround(0.1));
    expect(rt.drainErrors()).toEqual([{ signal: 'n', kind: 'non-finite', message: `Signal 'n' produced NaN at t=0.002s. ${TAIL}`, frame: 100 }]);
  });

  it('a compiled kernel that throws is reported at its frame', () => {
    const rt = mono();
    rt.register('k', kthrow(130), { fadeSeconds: 0 });
    renderFrames(rt, 300);
    const [fault] = rt.drainErrors();
    expect([fault!.kind, fault!.frame, fault!.message]).toEqual(['threw', 130, `Signal 'k' threw at t=0.003s: kthrow at 130. ${TAIL}`]);
  });

  it('listeners hear each fault after the render, in order; a throwing listener stops no other; unsubscribing stops it', () => {
    const rt = mono();
    const heard: Array<[string, SignalFault['kind'], number]> = [];
    const stopFirst = rt.onError((f) => {
      heard.push(['first', f.kind, f.frame]);
      // A listener may change the signals: it is never called inside a render (where register throws).
      rt.register('fixed', () => 0.125, { fadeSeconds: 0 });
    });
    rt.onError(() => {
      throw new Error('a bad listener');
    });
    rt.onError((f) => heard.push(['third', f.kind, f.frame]));
    rt.register('a', knan(3), { fadeSeconds: 0 });
    rt.register('b', kthrow(5), { fadeSeconds: 0 });
    const out = renderFrames(rt, 10);
    expect(heard).toEqual([
      ['first', 'non-finite', 3],
      ['third', 'non-finite', 3],
      ['first', 'threw', 5],
      ['third', 'threw', 5],
    ]);
    expect(out[9]).toBe(0);
    expect(renderFrames(rt, 1)[0]).toBe(0.125);
    expect(stopFirst()).toBe(true);
    rt.register('c', knan(0), { fadeSeconds: 0 });
    renderFrames(rt, 1);
    expect(heard.slice(4)).toEqual([['third', 'non-finite', 11]]);
    expect(rt.drainErrors().map((f) => f.signal)).toEqual(['a', 'b', 'c']);
  });
});

describe('levels and metering', () => {
  it('read 0 while metering is off; with it on, each signal’s largest |sample| since the last read, then 0', () => {
    const rt = mono();
    rt.register('a', (s) => (s.frame % 2 === 0 ? -0.5 : 0.25), { fadeSeconds: 0 });
    rt.register('b', kramp(480), { fadeSeconds: 0 });
    renderFrames(rt, 128);
    expect(rt.levels()).toEqual({ a: 0, b: 0 });
    rt.meterSignals(true);
    renderFrames(rt, 128 * 16);
    const levels = rt.levels();
    expect(levels.a).toBe(0.5);
    expect(levels.b).toBeGreaterThan(0.9);
    expect(levels.b).toBeLessThan(1);
    expect(rt.levels()).toEqual({ a: 0, b: 0 });
    rt.meterSignals(false);
    renderFrames(rt, 128 * 16);
    expect(rt.levels()).toEqual({ a: 0, b: 0 });
  });
});

describe('stats, scope and catalog', () => {
  it('stats count signals, their slots, helper slots and blocks, and the signals compiled whole', () => {
    const rt = createRuntime({ sampleRate: SR, channels: 2, slotsPerSignal: 8, maxSignals: 4, helperPoolSize: 1000 });
    rt.register('k', kramp(1));
    rt.register('u', (s) => s.t);
    const stats = rt.stats();
    expect(stats.signals).toBe(2);
    expect(stats.signalSlotsUsed).toBe(16);
    expect(stats.signalSlots).toBe(32);
    expect(stats.helperBlocks).toBe(1);
    expect(stats.helperSlotsUsed).toBeGreaterThan(0);
    expect(stats.helperSlotsUsed + stats.helperSlotsFree).toBe(1000);
    expect(stats.largestFreeBlock).toBe(stats.helperSlotsFree);
    expect(stats.compiledSignals).toBe(1);
    expect(rt.liveBlocks().map((b) => b.key)).toEqual(['k_kramp_0']);
  });

  it('the scope holds pipe and what was installed; the catalog names a package without installing it', () => {
    const rt = createRuntime({ sampleRate: SR, install: [{ one: 1 }, { two: 2 }] });
    expect([...rt.installed().keys()]).toEqual(['pipe', 'one', 'two']);
    rt.catalog('@x/pkg', ['pluck', 'bell']);
    expect([rt.providerOf('pluck'), rt.providerOf('bell'), rt.providerOf('one')]).toEqual(['@x/pkg', '@x/pkg', undefined]);
    expect(rt.installed().has('pluck')).toBe(false);
  });

  it('without install, the scope holds pipe alone', () => {
    expect([...mono().installed().keys()]).toEqual(['pipe']);
  });

  it('time is the s.t of the next frame', () => {
    const rt = mono();
    renderFrames(rt, 2400);
    expect([rt.frame, rt.time]).toEqual([2400, 0.05]);
  });
});
