import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { networkInterfaces } from 'node:os';
import type { Server } from 'node:http';
import { expect, it } from 'vitest';
import { openSite, scopeSpanReaching, until } from './test-support/site.js';

// The README's main command, as a user runs it: `pnpm start` at the
// repository root builds what the playground needs (cached here: the test
// run built it) and serves it, printing its address; Ctrl-C stops it all.

const ROOT = new URL('../../../', import.meta.url).pathname;
const PORT = 5173;
/** `s` without the terminal's colour codes (asked off, but a tool may colour anyway). */
const plain = (s: string) => s.replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g'), '');

/** The local addresses of sockets listening on `port` (Linux's /proc/net/tcp and tcp6), e.g. `127.0.0.1`. */
function listening(port: number): string[] {
  const out: string[] = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(file, 'utf8').split('\n').slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      if (!local || state !== '0A') continue; // 0A: LISTEN
      const [hex, portHex] = local.split(':');
      if (Number.parseInt(portHex!, 16) !== port) continue;
      out.push(
        hex!.length === 8
          ? hex!
              .match(/../g)!
              .reverse()
              .map((b) => Number.parseInt(b, 16))
              .join('.')
          : `[${hex}]`,
      );
    }
  }
  return out;
}

/** Whether a TCP connection to `host:port` is accepted. */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port, timeout: 2000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

it('`pnpm start` prints the playground’s address, listens on 127.0.0.1 only, plays the seed in Chromium, and stops with Ctrl-C', async () => {
  expect(listening(PORT), `port ${PORT} is taken: stop the other \`pnpm start\` first`).toEqual([]);
  // Its own process group, as a terminal gives it: Ctrl-C reaches every process in it. CI: vite
  // opens no browser on a desktop the tests run on.
  const start = spawn('pnpm', ['start'], { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CI: 'true', NO_COLOR: '1' } });
  let output = '';
  start.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  start.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => start.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : null))));
  let site: Awaited<ReturnType<typeof openSite>> | undefined;
  try {
    const deadline = Date.now() + 45_000;
    while (!/http:\/\/127\.0\.0\.1:5173\//.test(plain(output))) {
      if (Date.now() > deadline || start.exitCode !== null) throw new Error(`pnpm start printed no address:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(plain(output)).toMatch(/Local:\s+http:\/\/127\.0\.0\.1:5173\//);

    // Only the loopback address listens: no other interface (nor IPv6) reaches it.
    expect(listening(PORT)).toEqual(['127.0.0.1']);
    expect(await accepts('127.0.0.1', PORT)).toBe(true);
    const others = Object.values(networkInterfaces())
      .flat()
      .filter((a) => a && !a.internal)
      .map((a) => a!.address);
    for (const address of [...others, '::1']) expect(await accepts(address, PORT), address).toBe(false);

    // The page, as the user opens it: the seed in the editor, Ctrl+Enter, the worklet plays.
    const served = { server: { close() {} } as unknown as Server, origin: `http://127.0.0.1:${PORT}` };
    site = await openSite('/', served);
    const page = site.page;
    expect(await page.textContent('.cm-content')).toContain('osc(440)');
    await page.click('.cm-content');
    await page.keyboard.press('Control+Enter');
    const s = await until(page, 'the seed playing in the worklet', (x) => x.venue?.running === true && x.lastReply?.ok === true && (x.stats?.peak ?? 0) > 0.05);
    expect(s.venue).toMatchObject({ kind: 'browser', sink: 'worklet', running: true });
    expect(s.lastReply).toMatchObject({ ok: true, registered: ['filtered-delayed-sine'] });
    // Metered without allocating on the audio thread: the page is cross-origin isolated and the clock worker runs.
    expect(s.stats!.clock).toBe('shared');
    expect(await scopeSpanReaching(page, 0.1)).toBeGreaterThan(0.1);
    expect(site.errors).toEqual([]);
  } finally {
    await site?.close();
    if (start.exitCode === null) process.kill(-start.pid!, 'SIGINT');
  }
  await exited;
  // Every process of the group is gone, and the port is free.
  expect(() => process.kill(-start.pid!, 0)).toThrow(/ESRCH/);
  expect(listening(PORT)).toEqual([]);
}, 60_000);
