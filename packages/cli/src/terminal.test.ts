import { describe, expect, it } from 'vitest';
import { statusLine, Terminal } from './terminal.js';

function stream(isTTY: boolean) {
  const written: string[] = [];
  return { written, stream: { isTTY, write: (s: string) => written.push(s) } as unknown as NodeJS.WriteStream };
}

describe('the status line', () => {
  it('shows time, peak, signals, pool use, underruns and render load', () => {
    expect(statusLine({ seconds: 83.25, peak: 0.5, signals: 3, poolUse: 0.0234, load: 0.071 }, 2)).toBe('▶ 1:23.3  peak  -6.0 dBFS  3 signals  pool 2.3%  underruns 2  load 7.1%');
  });

  it('is redrawn in place on a TTY and cleared before a message; absent when not a TTY', () => {
    const tty = stream(true);
    const term = new Terminal(tty.stream, tty.stream);
    term.status('a');
    term.status('b');
    term.info('hello');
    expect(tty.written).toEqual(['\r\x1b[2Ka', '\r\x1b[2Kb', '\r\x1b[2K', 'hello\n']);
    const pipe = stream(false);
    const quiet = new Terminal(pipe.stream, pipe.stream);
    quiet.status('a');
    quiet.info('hello');
    expect(pipe.written).toEqual(['hello\n']);
  });
});
