// The oscilloscope: the latest output, triggered on a rising zero crossing so
// that a steady tone stands still.
import { COLORS, label, prepare } from './canvas.js';

export function drawScope(canvas: HTMLCanvasElement, samples: Float32Array | undefined): void {
  const g = prepare(canvas);
  const w = canvas.clientWidth;
  const h = canvas.clientHeight;
  g.strokeStyle = COLORS.grid;
  g.beginPath();
  g.moveTo(0, h / 2);
  g.lineTo(w, h / 2);
  g.stroke();
  if (!samples) {
    label(g, 'scope: the sound plays on the server', 8, 16);
    return;
  }
  const span = Math.floor(samples.length / 2);
  let start = 0;
  for (let i = 1; i < samples.length - span; i++) {
    if (samples[i - 1]! <= 0 && samples[i]! > 0) {
      start = i;
      break;
    }
  }
  g.strokeStyle = COLORS.trace;
  g.lineWidth = 1.5;
  g.beginPath();
  for (let i = 0; i < span; i++) {
    const x = (i / (span - 1)) * w;
    const y = h / 2 - samples[start + i]! * (h / 2 - 4);
    if (i === 0) g.moveTo(x, y);
    else g.lineTo(x, y);
  }
  g.stroke();
  label(g, 'scope', 8, 14);
}
