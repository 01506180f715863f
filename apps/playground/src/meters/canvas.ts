// A canvas sized to its box in device pixels, cleared to the meters' background.
export const COLORS = { background: '#101216', grid: '#23262e', trace: '#7fd1ff', fill: '#3b82f6', warn: '#ffcc66', hot: '#ff5555', text: '#9aa4b2', ok: '#5ad19a' };

export function prepare(canvas: HTMLCanvasElement): CanvasRenderingContext2D {
  const ratio = window.devicePixelRatio || 1;
  const width = Math.max(1, Math.round(canvas.clientWidth * ratio));
  const height = Math.max(1, Math.round(canvas.clientHeight * ratio));
  if (canvas.width !== width || canvas.height !== height) {
    canvas.width = width;
    canvas.height = height;
  }
  const g = canvas.getContext('2d')!;
  g.setTransform(ratio, 0, 0, ratio, 0, 0);
  g.fillStyle = COLORS.background;
  g.fillRect(0, 0, canvas.clientWidth, canvas.clientHeight);
  return g;
}

/** A line of small text. */
export function label(g: CanvasRenderingContext2D, text: string, x: number, y: number, color = COLORS.text): void {
  g.fillStyle = color;
  g.font = '11px ui-monospace, "DejaVu Sans Mono", monospace';
  g.fillText(text, x, y);
}
