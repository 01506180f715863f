// The spectrum: the analyser's magnitudes (dB) on a logarithmic frequency axis, 20 Hz .. Nyquist.
import { COLORS, label, prepare } from './canvas.js';

const FLOOR_DB = -100;

export function drawSpectrum(canvas: HTMLCanvasElement, bins: Float32Array | undefined, sampleRate: number): void {
  const g = prepare(canvas);
  const w = canvas.clientWidth;
  const h = canvas.clientHeight;
  if (!bins) {
    label(g, 'spectrum: the sound plays on the server', 8, 16);
    return;
  }
  const nyquist = sampleRate / 2;
  const low = Math.log10(20);
  const high = Math.log10(nyquist);
  g.strokeStyle = COLORS.grid;
  for (const f of [100, 1000, 10000]) {
    const x = ((Math.log10(f) - low) / (high - low)) * w;
    g.beginPath();
    g.moveTo(x, 0);
    g.lineTo(x, h);
    g.stroke();
    label(g, f >= 1000 ? `${f / 1000}k` : `${f}`, x + 2, h - 4);
  }
  g.fillStyle = COLORS.fill;
  g.beginPath();
  g.moveTo(0, h);
  for (let i = 1; i < bins.length; i++) {
    const f = (i * nyquist) / bins.length;
    const x = ((Math.log10(f) - low) / (high - low)) * w;
    if (x < 0) continue;
    const db = Math.max(FLOOR_DB, bins[i]!);
    g.lineTo(x, h - ((db - FLOOR_DB) / -FLOOR_DB) * h);
  }
  g.lineTo(w, h);
  g.closePath();
  g.fill();
  label(g, 'spectrum', 8, 14);
}
