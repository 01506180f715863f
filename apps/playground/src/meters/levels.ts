// Level meters: the master and each signal, in dBFS, with a falling peak so
// that the 4-per-second stats still move smoothly at the display's rate.
import { COLORS, label, prepare } from './canvas.js';

const FLOOR_DB = -60;
/** dB per second a bar falls. */
const FALL_DB = 24;

const toDb = (peak: number) => (peak > 0 ? Math.max(FLOOR_DB, 20 * Math.log10(peak)) : FLOOR_DB);

export class LevelMeters {
  private readonly shown = new Map<string, number>();
  private last = performance.now();

  /** Draws `levels` (name → peak, the master first), falling from the previous frame's. */
  draw(canvas: HTMLCanvasElement, levels: ReadonlyArray<[string, number]>): void {
    const now = performance.now();
    const fall = ((now - this.last) / 1000) * FALL_DB;
    this.last = now;
    const g = prepare(canvas);
    const w = canvas.clientWidth;
    const rowH = 14;
    const nameW = 96;
    levels.forEach(([name, peak], row) => {
      const target = toDb(peak);
      const db = Math.max(target, (this.shown.get(name) ?? FLOOR_DB) - fall);
      this.shown.set(name, db);
      const y = 6 + row * rowH;
      const share = (db - FLOOR_DB) / -FLOOR_DB;
      g.fillStyle = COLORS.grid;
      g.fillRect(nameW, y, w - nameW - 48, rowH - 4);
      g.fillStyle = db > -1 ? COLORS.hot : db > -6 ? COLORS.warn : COLORS.ok;
      g.fillRect(nameW, y, (w - nameW - 48) * share, rowH - 4);
      label(g, name.length > 13 ? `${name.slice(0, 12)}…` : name, 6, y + 9, row === 0 ? COLORS.warn : COLORS.text);
      label(g, db <= FLOOR_DB ? '-inf' : db.toFixed(1), w - 44, y + 9);
    });
    for (const name of [...this.shown.keys()]) if (!levels.some(([n]) => n === name)) this.shown.delete(name);
  }
}
