import type { Meters } from '@aither/host';

/**
 * Messages and one status line on a terminal. Messages go to stdout (errors
 * to stderr) on lines of their own; the status line is redrawn in place and
 * exists only when stdout is a TTY, so pipes and logs stay quiet.
 */
export class Terminal {
  private shown = false;

  constructor(
    private readonly stdout: NodeJS.WriteStream = process.stdout,
    private readonly stderr: NodeJS.WriteStream = process.stderr,
  ) {}

  get tty(): boolean {
    return this.stdout.isTTY === true;
  }

  private clear(): void {
    if (this.shown) this.stdout.write('\r\x1b[2K');
    this.shown = false;
  }

  info(message: string): void {
    this.clear();
    this.stdout.write(`${message}\n`);
  }

  error(message: string): void {
    this.clear();
    this.stderr.write(`${message}\n`);
  }

  status(text: string): void {
    if (!this.tty) return;
    this.stdout.write(`\r\x1b[2K${text}`);
    this.shown = true;
  }

  done(): void {
    this.clear();
  }
}

/** dBFS of a peak, as a short string. */
export function dbfs(peak: number): string {
  return peak > 0 ? `${(20 * Math.log10(peak)).toFixed(1)} dBFS` : '-inf dBFS';
}

/** The status line: time, peak level, signals, helper pool use, underruns, render load. */
export function statusLine(meters: Meters, underruns: number): string {
  const t = meters.seconds;
  const time = `${Math.floor(t / 60)}:${(t % 60).toFixed(1).padStart(4, '0')}`;
  return `▶ ${time}  peak ${dbfs(meters.peak).padStart(10)}  ${meters.signals} signals  pool ${(meters.poolUse * 100).toFixed(1)}%  underruns ${underruns}  load ${(meters.load * 100).toFixed(1)}%`;
}
