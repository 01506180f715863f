// Invariants of runtime A's helper memory: live blocks never overlap, the
// pool's counts are the sum of the live blocks, and every helper a live
// signal reaches computes on a live block of A's own pool.
import type { Runtime } from '../runtime.js';
import type { ReachTable } from './reach.js';
import { violation } from './violation.js';

/** No two live blocks overlap; all lie inside the pool; stats() counts exactly them. */
export function checkLayout(A: Runtime): void {
  const blocks = A.liveBlocks()
    .filter((b) => b.size > 0)
    .sort((x, y) => x.at - y.at);
  let end = 0;
  let last = '';
  for (const b of blocks) {
    if (b.at < end) violation(`live blocks overlap: '${last}' ends at ${end}, '${b.key}' starts at ${b.at} (size ${b.size})`);
    end = b.at + b.size;
    last = b.key;
  }
  if (end > A.debug().helperPool.size) violation(`live block '${last}' ends at ${end}, past the pool's ${A.debug().helperPool.size} slots`);
  const all = A.liveBlocks();
  const sum = all.reduce((n, b) => n + b.size, 0);
  const stats = A.stats();
  if (stats.helperSlotsUsed !== sum) violation(`stats().helperSlotsUsed is ${stats.helperSlotsUsed}, the live blocks add up to ${sum}`);
  if (stats.helperBlocks !== all.length) violation(`stats().helperBlocks is ${stats.helperBlocks}, liveBlocks() has ${all.length}`);
  if (stats.signals !== A.debug().registry.records.size) violation(`stats().signals is ${stats.signals}, ${A.debug().registry.records.size} records`);
}

/** Every helper a live signal (fading ones included) calls has a live block in A's pool. */
export function checkReach(A: Runtime, reach: ReachTable): void {
  const byAt = new Map(A.liveBlocks().map((b) => [b.at, b]));
  for (const r of A.debug().registry.records.values()) {
    const known = reach.of(r.fn);
    if (!known) throw new Error(`fuzzer: signal '${r.name}' was registered without use()`);
    for (const h of known.handles) {
      const where = `'${r.name}'${r.stopping ? ' (fading)' : ''}${r.faulted ? ' (faulted)' : ''} calls a ${h.helper}`;
      if (h.memory !== A.debug().helperPool.memory) {
        violation(
          `${where} that computes on ${h.memory.length === 0 ? 'no memory (never bound)' : `memory that is not A's pool (${h.memory.length} slots: scratch or another runtime's)`}`,
        );
      }
      const b = byAt.get(h.at);
      const size = h.stride * h.channels;
      if (!b || b.size !== size) violation(`${where} at ${h.at} (${size} slots), but no live block is there${b ? ` (found '${b.key}', ${b.size} slots)` : ''}`);
    }
  }
}

/** After clear(0) and a render: nothing left. */
export function checkEmpty(A: Runtime): void {
  const s = A.stats();
  const left = A.liveBlocks().map((b) => `${b.key}@${b.at}`);
  if (s.signals !== 0 || s.helperSlotsUsed !== 0 || s.helperBlocks !== 0 || s.signalSlotsUsed !== 0) {
    violation(
      `after clear(0) and a render: signals ${s.signals}, helperSlotsUsed ${s.helperSlotsUsed}, helperBlocks ${s.helperBlocks}, ` +
        `signalSlotsUsed ${s.signalSlotsUsed}; blocks left: ${left.join(', ') || 'none'}`,
    );
  }
}

/** stats() must never recompile: each record's render function is the same object after it. */
export function checkStatsKeepsRuns(A: Runtime): void {
  const before = new Map([...A.debug().registry.records.values()].map((r) => [r, r.run]));
  A.stats();
  for (const [r, run] of before) {
    if (A.debug().registry.records.get(r.name) === r && r.run !== run) violation(`stats() recompiled '${r.name}' (its render function changed)`);
  }
}
