import { constants, PerformanceObserver } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { claimStateBlock, HEADER, onBind } from './binding.js';
import { PoolExhaustedError } from './blocks.js';
import { SessionError } from './evaluate.js';
import { HelperPool } from './helper-pool.js';
import { kernel } from './kernel.js';
import { createRuntime, type Runtime } from './runtime.js';
import { kmul, kramp, ramp, renderFrames } from './test-support.js';
import type { Signal } from './types.js';

const SR = 48000;

/** A delay line of `seconds` (a ring of `ceil(seconds × sr) + 1` slots after its write index), as the seed's delay. */
function kline(input: Signal, seconds: number): Signal {
  return kernel(
    'kline',
    (sr) => Math.ceil(seconds * sr) + 2,
    [input],
    (m, o, s, x) => {
      const len = Math.ceil(seconds * s.sr) + 1;
      const w = m[o]!;
      const y = m[o + 1 + w]!;
      m[o + 1 + w] = x;
      m[o] = w + 1 === len ? 0 : w + 1;
      return y;
    },
  );
}

/** A chain holding half a second of delay line, as a seed chain does (24,525 slots at 48 kHz). */
const chain = (i: number): Signal => kmul(kline(kramp(220 + i), 0.5), 0.25);

/** Chains `from .. to - 1`, each its own signal, registered through evaluate (as session code is). */
function chains(rt: Runtime, to: number, from = 0): void {
  rt.install({ chain });
  rt.evaluate(Array.from({ length: to - from }, (_, k) => `register('c${from + k}', chain(${from + k}));`).join('\n'));
}

/** Index of the first sample where `a` and `b` differ in bits (NaN-safe), or -1. */
function firstDifference(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return 0;
  const x = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const y = new Uint32Array(b.buffer, b.byteOffset, b.length);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return i;
  return -1;
}

/** GC events while rendering `seconds` of `rt` (after a second of warm-up), the one forced collection aside. */
async function gcEvents(rt: Runtime, seconds: number): Promise<number> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  const out = new Float32Array(128 * rt.channels);
  for (let i = 0; i < SR / 128; i++) rt.render(out, 128);
  gc();
  const kinds: number[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) kinds.push((entry as unknown as { detail: { kind: number } }).detail.kind);
  });
  observer.observe({ entryTypes: ['gc'] });
  for (let i = 0; i < (seconds * SR) / 128; i++) rt.render(out, 128);
  await new Promise((resolve) => setTimeout(resolve, 100));
  observer.disconnect();
  return kinds.filter((k) => k !== constants.NODE_PERFORMANCE_GC_MAJOR).length + Math.max(0, kinds.filter((k) => k === constants.NODE_PERFORMANCE_GC_MAJOR).length - 1);
}

/** Every live block of `a` holds the same slots as `b`'s of its key, and every helper handle addresses the memory in use. */
function expectSameState(a: Runtime, b: Runtime): void {
  const ma = a.debug().helperPool.memory;
  const mb = b.debug().helperPool.memory;
  expect(a.liveBlocks().map((k) => k.key)).toEqual(b.liveBlocks().map((k) => k.key));
  for (const block of a.liveBlocks()) {
    const other = b.liveBlocks().find((k) => k.key === block.key)!;
    for (let k = 0; k < block.size; k++) if (!Object.is(ma[block.at + k], mb[other.at + k])) throw new Error(`${block.key} slot ${k}: ${ma[block.at + k]} vs ${mb[other.at + k]}`);
  }
  for (const c of a.debug().registry.boundClaimants()) expect((c as unknown as { memory: Float64Array }).memory).toBe(ma);
}

describe('the default helper pool', () => {
  it('holds 64 chains with a half-second delay line each at 48 kHz, without growing, and they all sound', () => {
    const rt = createRuntime({ sampleRate: SR, channels: 2 });
    const size = rt.stats().helperSlotsFree;
    chains(rt, 64);
    const stats = rt.stats();
    expect(stats.signals).toBe(64);
    expect(stats.helperSlotsUsed + stats.helperSlotsFree).toBe(size);
    expect(rt.debug().helperPool.size).toBe(size);
    // The delay lines hand the ramps on half a second late: silent until then, then every chain sounds.
    rt.meterSignals(true);
    renderFrames(rt, SR / 2 - 128);
    expect(Object.values(rt.levels()).filter((level) => level > 0)).toEqual([]);
    renderFrames(rt, 2048);
    const levels = Object.values(rt.levels());
    expect(levels.length).toBe(64);
    expect(levels.filter((level) => !(level > 0.01 && level < 0.25))).toEqual([]);
  });

  it('is 40 s of slots at the runtime rate', () => {
    for (const sampleRate of [44100, 48000, 96000]) expect(createRuntime({ sampleRate }).stats().helperSlotsFree).toBe(40 * sampleRate);
  });
});

describe('HelperPool.grow', () => {
  it('doubles up to its limit, keeps every offset and value, and extends the free space at the end', () => {
    const pool = new HelperPool(100, 1000);
    const a = pool.alloc(60);
    pool.memory[a + 59] = 7;
    expect(pool.alloc(50)).toBe(-1);
    expect(pool.sizeToFit(50)).toBe(110);
    expect(pool.grow(50)).toBe(true);
    expect([pool.size, pool.memory[59]]).toEqual([200, 7]);
    expect(pool.freeIntervals()).toEqual([[60, 140]]);
    // A pool full to its end gets a new free interval there.
    expect(pool.alloc(140)).toBe(60);
    expect(pool.grow(300)).toBe(true);
    expect([pool.size, pool.freeIntervals()]).toEqual([800, [[200, 600]]]);
    // Past its limit it refuses and changes nothing.
    const before = pool.memory;
    expect(pool.grow(900)).toBe(false);
    expect([pool.memory, pool.size]).toEqual([before, 800]);
    expect(pool.grow(800)).toBe(true);
    expect(pool.size).toBe(1000);
  });

  it('needs no growth for a block that fits a free interval anywhere, and keeps the memory then', () => {
    const pool = new HelperPool(16, 64);
    const hole = pool.alloc(4);
    pool.alloc(12);
    pool.free(hole, 4);
    // The hole fits 4 slots exactly; the pool ends in a used block (no free tail).
    expect([pool.sizeToFit(4), pool.sizeToFit(3), pool.sizeToFit(8)]).toEqual([16, 16, 24]);
    const memory = pool.memory;
    expect(pool.grow(4)).toBe(true);
    expect(pool.memory).toBe(memory);
    expect(pool.freeIntervals()).toEqual([[0, 4]]);
    // A block that does not fit: the new space after the used end is a new interval.
    expect(pool.grow(8)).toBe(true);
    expect([pool.size, pool.freeIntervals()]).toEqual([
      32,
      [
        [0, 4],
        [16, 16],
      ],
    ]);
  });

  it('doubles to exactly the size needed when that is a doubling, and sizes a full pool by its used end', () => {
    const pool = new HelperPool(100, 1000);
    pool.alloc(100);
    expect(pool.sizeToFit(100)).toBe(200);
    expect(pool.grow(100)).toBe(true);
    expect([pool.size, pool.freeIntervals()]).toEqual([200, [[100, 100]]]);
  });
});

describe('PoolExhaustedError', () => {
  it('by default needs the pool plus the block, and gives no reason it did not grow', () => {
    const e = new PoolExhaustedError('a', 'kline (key a_kline_0)', 10, 4, 100);
    expect([e.name, e.sizeToFit, e.whyNotGrown]).toEqual(['PoolExhaustedError', 110, '']);
    expect(e.message).toMatch(/kline \(key a_kline_0\) needs 10 slots, the largest free block is 4 of 100\. .* It needs a pool of at least 110 slots\.$/);
    expect(String(e)).toMatch(/^PoolExhaustedError: Helper memory exhausted registering 'a'/);
  });
});

describe('growing the helper pool at evaluation', () => {
  const small = { sampleRate: SR, channels: 2, helperPoolSize: 1 << 15, maxHelperPoolSize: 1 << 22 } as const;
  const large = { sampleRate: SR, channels: 2, helperPoolSize: 1 << 22 } as const;

  it('renders bit-identically to a runtime created large enough, across two growths, with compiled, closure and user-function signals', () => {
    const a = createRuntime(small);
    const b = createRuntime(large);
    const outputs: Array<[Float32Array, Float32Array]> = [];
    const both = (f: (rt: Runtime) => void) => {
      f(a);
      f(b);
      outputs.push([renderFrames(a, 3000), renderFrames(b, 3000)]);
    };
    // A closure helper shared by a compiled signal's function and a user function: both read its state.
    both((rt) => {
      rt.install({ ramp, chain, kramp, kmul });
      rt.evaluate(`const r = ramp(3); register('u', s => 0.1 * r(s)); register('c0', chain(0));`);
    });
    const before = a.debug().helperPool.memory;
    // The same code again keeps its loops' source; the new chains do not fit: the pool grows.
    both((rt) => rt.evaluate(`const r = ramp(3); register('u', s => 0.1 * r(s)); register('c0', chain(0));\nfor (let i = 1; i < 4; i++) register('c' + i, chain(i));`));
    const grown = a.debug().helperPool.memory;
    expect(grown).not.toBe(before);
    both((rt) => rt.evaluate(`const r = ramp(3); register('u', s => 0.1 * r(s));\nfor (let i = 0; i < 12; i++) register('c' + i, chain(i));`));
    expect(a.debug().helperPool.memory).not.toBe(grown);
    expect(a.debug().helperPool.size).toBe(1 << 19);
    for (const [x, y] of outputs) expect(firstDifference(x, y)).toBe(-1);
    expectSameState(a, b);
  });

  it('keeps the grown pool and the old session playing bit-identically when the evaluation that grew it fails later', () => {
    const a = createRuntime(small);
    const b = createRuntime(large);
    for (const rt of [a, b]) chains(rt, 1);
    expect(firstDifference(renderFrames(a, 1000), renderFrames(b, 1000))).toBe(-1);
    const code = `for (let i = 0; i < 4; i++) register('c' + i, chain(i));\nthrow new Error('later')`;
    for (const rt of [a, b]) expect(() => rt.evaluate(code)).toThrow(SessionError);
    expect(a.debug().helperPool.size).toBeGreaterThan(small.helperPoolSize);
    expect(a.list()).toEqual(['c0']);
    // c0 was not registered again: its loop is the one instantiated over the grown memory.
    expect(firstDifference(renderFrames(a, 30000), renderFrames(b, 30000))).toBe(-1);
    expectSameState(a, b);
    // A host's register that grows the pool leaves the signals it does not touch playing on, over the new memory.
    for (const rt of [a, b]) rt.register('host', kmul(kline(kramp(3), 2), 0.1));
    expect(firstDifference(renderFrames(a, 30000), renderFrames(b, 30000))).toBe(-1);
    expectSameState(a, b);
    for (const rt of [a, b]) chains(rt, 8);
    expect(firstDifference(renderFrames(a, 30000), renderFrames(b, 30000))).toBe(-1);
    expectSameState(a, b);
  });

  it('refuses, past maxHelperPoolSize, naming the size to ask for, and the old session plays on bit-identically', () => {
    const options = { sampleRate: SR, channels: 2, helperPoolSize: 1 << 15, maxHelperPoolSize: 1 << 16 };
    const a = createRuntime(options);
    const b = createRuntime(options);
    for (const rt of [a, b]) chains(rt, 2);
    renderFrames(a, 1000);
    renderFrames(b, 1000);
    const stats = a.stats();
    let error: unknown;
    try {
      chains(a, 4);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SessionError);
    const cause = (error as SessionError).cause as PoolExhaustedError;
    expect(cause).toBeInstanceOf(PoolExhaustedError);
    // Two chains fit 65,536 slots; the third's ramp fits too, then its delay line (24,131 slots) does not.
    // A block is its helper's slots after a HEADER (its stamp and ring): the line's, and the ramp's one slot.
    const line = Math.ceil(0.5 * SR) + 2 + HEADER;
    const ramp = 1 + HEADER;
    const used = 2 * (line + ramp);
    expect(cause.message).toContain(`kline (key c2_kline_0) needs ${line} slots, the largest free block is ${(1 << 16) - used - ramp} of ${1 << 16}`);
    expect(cause.message).toContain(`It needs a pool of at least ${used + ramp + line} slots; the pool grows to at most ${1 << 16} slots (maxHelperPoolSize).`);
    expect(cause.sizeToFit).toBe(used + ramp + line);
    expect(a.stats()).toEqual(stats);
    expect(a.list()).toEqual(['c0', 'c1']);
    expect(firstDifference(renderFrames(a, 30000), renderFrames(b, 30000))).toBe(-1);
    // The size it named is enough.
    const c = createRuntime({ ...options, helperPoolSize: cause.sizeToFit, maxHelperPoolSize: undefined });
    chains(c, 2);
    expect(() => chains(c, 3, 2)).not.toThrow();
  });

  it('grows an empty pool for a first block larger than it, placed at offset 0', () => {
    const rt = createRuntime({ sampleRate: SR, channels: 1, helperPoolSize: 16, maxHelperPoolSize: 1 << 12 });
    rt.register(
      'big',
      kernel('big', 100, [], () => 0.25),
      { fadeSeconds: 0 },
    );
    expect(rt.liveBlocks().map((b) => [b.key, b.at, b.size])).toEqual([['big_big_0', 0, 100 + HEADER]]);
    let doubled = 16;
    while (doubled < 100 + HEADER) doubled *= 2;
    expect(rt.debug().helperPool.size).toBe(doubled);
    expect(renderFrames(rt, 1)[0]).toBe(0.25);
  });

  it('refuses to grow while a raw onBind hook (which keeps the memory in its own closure) is bound', () => {
    const rt = createRuntime(small);
    const counter = (): Signal => {
      let mem: Float64Array = new Float64Array(1);
      let at = 0;
      onBind('counter', (s) => {
        mem = s.memory;
        at = claimStateBlock(s, 'counter', 1);
      });
      return () => (mem[at]! += 1e-6);
    };
    rt.install({ counter, chain });
    rt.evaluate(`register('raw', counter()); register('c0', chain(0));`);
    renderFrames(rt, 100);
    const error = (() => {
      try {
        rt.evaluate(`register('raw', counter()); for (let i = 0; i < 4; i++) register('c' + i, chain(i));`);
      } catch (e) {
        return (e as SessionError).cause as Error;
      }
    })();
    expect(error).toBeInstanceOf(PoolExhaustedError);
    expect(error!.message).toContain('the pool cannot grow while counter (an onBind hook, which keeps the memory in its own closure) is bound');
    expect(rt.debug().helperPool.size).toBe(small.helperPoolSize);
  });

  it('renders with no GC event after growing', async () => {
    const rt = createRuntime({ ...small, helperPoolSize: 1 << 16 });
    chains(rt, 2);
    renderFrames(rt, 4800);
    chains(rt, 32);
    expect(rt.debug().helperPool.size).toBeGreaterThan(1 << 16);
    expect(await gcEvents(rt, 10)).toBe(0);
  });
});
