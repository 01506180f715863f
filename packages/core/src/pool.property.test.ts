import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HEADER } from './binding.js';
import { PoolExhaustedError } from './blocks.js';
import { SessionError } from './evaluate.js';
import { createRuntime, type Runtime } from './runtime.js';
import { kadd, ksentinel, sentinel } from './test-support.js';
import type { Signal } from './types.js';

const NAMES = ['a', 'b', 'c', 'd'];
/** Small enough that random sessions often do not fit. */
const POOL = 20 * (1 + HEADER);

type Op =
  | { kind: 'register'; name: number; sizes: number[]; channels: number; compiled: boolean }
  | { kind: 'session'; shared: number; signals: Array<{ name: number; sizes: number[]; compiled: boolean }> }
  | { kind: 'unregister'; name: number }
  | { kind: 'render'; frames: number };

const sizes = fc.array(fc.integer({ min: 0, max: 24 }), { maxLength: 4 });
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('register' as const), name: fc.nat(3), sizes, channels: fc.integer({ min: 1, max: 2 }), compiled: fc.boolean() }),
  fc.record({
    kind: fc.constant('session' as const),
    shared: fc.integer({ min: 0, max: 16 }),
    signals: fc.array(fc.record({ name: fc.nat(3), sizes, compiled: fc.boolean() }), { minLength: 1, maxLength: 3 }),
  }),
  fc.record({ kind: fc.constant('unregister' as const), name: fc.nat(3) }),
  fc.record({ kind: fc.constant('render' as const), frames: fc.integer({ min: 1, max: 400 }) }),
);

/** Sentinels summed: compiled into one loop (kernels), or by a function of the user's own. */
function chain(list: number[], compiled: boolean): Signal {
  if (compiled) return list.map((size) => ksentinel(size)).reduce<Signal>((sum, p) => kadd(sum, p), kadd(0, 0));
  const parts = list.map((size) => sentinel(size));
  return (s) => {
    let sum = 0;
    for (const p of parts) sum += p(s);
    return sum;
  };
}

function apply(rt: Runtime, o: Op): void {
  switch (o.kind) {
    case 'register':
      rt.register(NAMES[o.name]!, chain(o.sizes, o.compiled), { channels: o.channels, fadeSeconds: 0.001 });
      return;
    case 'session': {
      const hub = `const hub = sentinel(${o.shared});\n`;
      const body = o.signals
        .map(({ name, sizes: list, compiled }) => {
          if (compiled) {
            // The shared hub (a closure helper) is called from a compiled chain through kadd.
            const sum = list.reduce((acc, size) => `kadd(${acc}, ksentinel(${size}))`, 'hub');
            return `play('${NAMES[name]}', ${sum});`;
          }
          const parts = list.map((size) => `sentinel(${size})`).join(', ');
          return `{ const parts = [${parts}]; play('${NAMES[name]}', s => hub(s) + parts.reduce((a, p) => a + p(s), 0)); }`;
        })
        .join('\n');
      rt.evaluate(hub + body);
      return;
    }
    case 'unregister':
      rt.unregister(NAMES[o.name]!);
      return;
    case 'render':
      rt.render(new Float32Array(o.frames * rt.channels), o.frames);
  }
}

describe('helper pool, property', () => {
  it('never overlaps live blocks, and used == the sum of live block sizes, over random sessions', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 40 }), (ops) => {
        const rt = createRuntime({ sampleRate: 8000, channels: 2, helperPoolSize: POOL, fadeSeconds: 0.001 });
        rt.install({ sentinel, ksentinel, kadd });
        for (const o of ops) {
          const before = rt.stats();
          try {
            apply(rt, o);
          } catch (e) {
            // Too big for this small pool: refused, and nothing changed.
            const refused = e instanceof PoolExhaustedError || (e instanceof SessionError && e.cause instanceof PoolExhaustedError);
            if (!refused) throw e;
            expect(rt.stats()).toEqual(before);
          }
          const blocks = rt.liveBlocks().sort((x, y) => x.at - y.at);
          let end = 0;
          let sum = 0;
          for (const b of blocks) {
            if (b.size > 0) {
              expect(b.at).toBeGreaterThanOrEqual(end);
              end = b.at + b.size;
            }
            sum += b.size;
          }
          const stats = rt.stats();
          expect(stats.helperSlotsUsed).toBe(sum);
          expect(stats.helperBlocks).toBe(blocks.length);
          expect(end).toBeLessThanOrEqual(POOL);
          // Sentinels throw if anything wrote into their block: no signal may have faulted.
          expect(rt.drainErrors()).toEqual([]);
        }
        rt.clear(0);
        expect(rt.stats()).toMatchObject({ helperSlotsUsed: 0, helperBlocks: 0, signals: 0, largestFreeBlock: POOL });
      }),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 300) },
    );
  }, 120_000);
});
