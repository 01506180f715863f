// fast-check generators of runs: a configuration and a sequence of operations.
// Small integers throughout; what they index is resolved when the op runs.
import fc from 'fast-check';
import type { Decl, Fail, Item, ListenerMode, Op, Part, Run, RunConfig, SignalSpec } from './ops.js';

const part: fc.Arbitrary<Part> = fc.record({ kind: fc.constantFrom('ramp', 'sentinel', 'smoother'), p: fc.nat(40) });

const fade = fc.nat(3);

export const signal: fc.Arbitrary<SignalSpec> = fc.record({
  name: fc.nat(4),
  compiled: fc.boolean(),
  parts: fc.array(part, { minLength: 1, maxLength: 3 }),
  share: fc.array(fc.nat(9), { maxLength: 2 }),
  nan: fc.oneof({ weight: 6, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.nat(300) }),
  channels: fc.constantFrom<0 | 1 | 2>(0, 1, 2),
  fade,
  state: fc.boolean(),
});

const item: fc.Arbitrary<Item> = fc.oneof(
  { weight: 8, arbitrary: signal.map((sig): Item => ({ t: 'sig', sig })) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('stop' as const), verb: fc.constantFrom('stop' as const, 'unregister' as const), name: fc.nat(6), fade }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('flag' as const), verb: fc.constantFrom('mute' as const, 'unmute' as const), name: fc.nat(8), fade }) },
  {
    weight: 1,
    arbitrary: fc.record({
      t: fc.constant('solo' as const),
      names: fc.oneof({ weight: 6, arbitrary: fc.array(fc.nat(8), { minLength: 1, maxLength: 2 }) }, { weight: 1, arbitrary: fc.constant('number' as const) }),
    }),
  },
  { weight: 1, arbitrary: fc.constant<Item>({ t: 'unsolo' }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('clear' as const), fade }) },
  { weight: 1, arbitrary: signal.map((sig): Item => ({ t: 'late', sig })) },
);

const decl: fc.Arbitrary<Decl> = fc.oneof(
  fc.record({ t: fc.constant('shared' as const), part, kernel: fc.boolean() }),
  fc.record({ t: fc.constant('global' as const), slot: fc.nat(3) }),
);

const fail: fc.Arbitrary<Fail | null> = fc.oneof(
  { weight: 8, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.record({ t: fc.constantFrom('syntax' as const, 'throw' as const, 'huge' as const, 'verbTypo' as const, 'regex' as const), at: fc.nat(12) }) },
);

export const op: fc.Arbitrary<Op> = fc.oneof(
  // First: what a shrunk operation tends towards.
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('render' as const), frames: fc.integer({ min: 1, max: 300 }) }) },
  {
    weight: 7,
    arbitrary: fc.record({
      kind: fc.constant('session' as const),
      snippet: fc.oneof({ weight: 3, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
      decls: fc.array(decl, { maxLength: 3 }),
      items: fc.array(item, { maxLength: 6 }),
      witnessAt: fc.nat(6),
      fail,
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('register' as const), sig: signal, retry: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('stop' as const), name: fc.nat(6), fade }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('flag' as const), verb: fc.constantFrom('mute' as const, 'unmute' as const), name: fc.nat(8), fade }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('solo' as const), names: fc.array(fc.nat(8), { minLength: 1, maxLength: 2 }) }) },
  { weight: 1, arbitrary: fc.constant<Op>({ kind: 'unsolo' }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('install' as const), which: fc.nat(2) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('fix' as const), name: fc.nat(4), direct: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('foreign' as const), pick: fc.nat(9) }) },
  { weight: 1, arbitrary: fc.constant<Op>({ kind: 'late' }) },
);

const config: fc.Arbitrary<RunConfig> = fc.record({
  stereo: fc.boolean(),
  sampleRate: fc.constantFrom(8000, 22050, 48000),
  pool: fc.integer({ min: 2500, max: 8000 }),
  listener: fc.constantFrom<ListenerMode>('none', 'stats', 'list', 'stopSelf', 'stopOther'),
  prelude: fc.array(signal, { maxLength: 3 }),
});

/** A run of about `ops` operations on average (between 1 and twice that). */
export function run(ops: number): fc.Arbitrary<Run> {
  return fc.record({ config, ops: fc.array(op, { minLength: 1, maxLength: 2 * ops, size: 'max' }) });
}
