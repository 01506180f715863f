// What "nothing changed" means for runtime A: the same list, stats, blocks
// (key, offset, size, layout and every slot), and signals (function, flags,
// gain and target, `s.state`).
import type { Runtime } from '../runtime.js';
import { bits } from './witness.js';
import { violation } from './violation.js';

export interface Snapshot {
  readonly list: string;
  readonly stats: string;
  readonly blocks: ReadonlyArray<{ readonly id: string; readonly slots: BigUint64Array }>;
  readonly records: ReadonlyArray<{ readonly id: string; readonly fn: unknown; readonly state: BigUint64Array }>;
}

export function snapshot(A: Runtime): Snapshot {
  const memory = bits(A.debug().helperPool.memory);
  return {
    list: JSON.stringify(A.list()),
    stats: JSON.stringify(A.stats()),
    blocks: A.liveBlocks()
      .map((b) => ({ id: `${b.key}@${b.at}+${b.size}x${b.channels}`, slots: memory.slice(b.at, b.at + b.size) }))
      .sort((x, y) => (x.id < y.id ? -1 : 1)),
    records: [...A.debug().registry.records.values()].map((r) => ({
      id: `${r.name} muted=${r.muted} stopping=${r.stopping} faulted=${r.faulted} gain=${r.gain} target=${r.target} ch=${r.channels}`,
      fn: r.fn,
      state: bits(r.state).slice(),
    })),
  };
}

/** Throws a violation naming the first difference. */
export function expectUnchanged(before: Snapshot, A: Runtime, what: string): void {
  const after = snapshot(A);
  const say = (detail: string): never => violation(`${what} changed runtime A: ${detail}`);
  if (before.list !== after.list) say(`list() was ${before.list}, is ${after.list}`);
  if (before.stats !== after.stats) say(`stats() was ${before.stats}, is ${after.stats}`);
  const ids = (s: Snapshot) => s.blocks.map((b) => b.id).join(', ');
  if (ids(before) !== ids(after)) say(`liveBlocks() was [${ids(before)}], is [${ids(after)}]`);
  before.blocks.forEach((b, i) => {
    const k = b.slots.findIndex((x, j) => x !== after.blocks[i]!.slots[j]);
    if (k >= 0) say(`block ${b.id}: slot ${k} changed`);
  });
  const rids = (s: Snapshot) => s.records.map((r) => r.id).join('; ');
  if (rids(before) !== rids(after)) say(`signals were [${rids(before)}], are [${rids(after)}]`);
  before.records.forEach((r, i) => {
    const a = after.records[i]!;
    if (a.fn !== r.fn) say(`'${r.id.split(' ')[0]}' has a new function`);
    if (a.state.some((x, j) => x !== r.state[j])) say(`'${r.id.split(' ')[0]}' s.state changed`);
  });
}
