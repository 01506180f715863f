// Gauges: the render load and late quanta, and how full the pools are
// (signal slots, helper slots, blocks).
import type { VenueStats } from '../venues/index.js';
import { COLORS, label, prepare } from './canvas.js';

function bar(g: CanvasRenderingContext2D, y: number, w: number, name: string, share: number, text: string): void {
  const x = 96;
  const width = w - x - 170;
  g.fillStyle = COLORS.grid;
  g.fillRect(x, y, width, 10);
  g.fillStyle = share > 0.9 ? COLORS.hot : share > 0.6 ? COLORS.warn : COLORS.fill;
  g.fillRect(x, y, width * Math.min(1, Math.max(0, share)), 10);
  label(g, name, 6, y + 9);
  label(g, text, x + width + 6, y + 9);
}

export function drawGauges(canvas: HTMLCanvasElement, stats: VenueStats | undefined): void {
  const g = prepare(canvas);
  const w = canvas.clientWidth;
  if (!stats) {
    label(g, 'no stats yet', 6, 14);
    return;
  }
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  bar(g, 6, w, 'render load', stats.load, `${pct(stats.load)}${stats.peakLoad !== undefined ? ` (max ${pct(stats.peakLoad)})` : ''}`);
  const pool = stats.pool;
  if (pool) {
    bar(g, 22, w, 'signal slots', pool.signalSlotsUsed / pool.signalSlots, `${pool.signalSlotsUsed} / ${pool.signalSlots}`);
    bar(g, 38, w, 'helper slots', pool.helperSlotsUsed / pool.helperSlots, `${pool.helperSlotsUsed} / ${pool.helperSlots}`);
    bar(g, 54, w, 'blocks', pool.largestFreeBlock > 0 ? 1 - pool.largestFreeBlock / pool.helperSlots : 1, `${pool.blocks}, largest free ${pool.largestFreeBlock}`);
  } else {
    bar(g, 22, w, 'helper pool', stats.poolUse, pct(stats.poolUse));
  }
  const late = stats.lateQuanta === undefined ? '' : `   late quanta ${stats.lateQuanta}`;
  label(
    g,
    `${stats.signals} signals   ${stats.seconds.toFixed(1)} s${late}${stats.faults ? `   faults ${stats.faults}` : ''}`,
    6,
    82,
    stats.lateQuanta ? COLORS.warn : COLORS.text,
  );
}
