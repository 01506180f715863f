import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import NodeWebSocket from 'ws';
import { openSite, scopeSpanReaching, serveSite, shot, typeCode, typeLastLine, until, type Site } from './test-support/site.js';

// The server venue: the built playground drives a real `aither serve --sink
// null` over its WebSocket, connected by the address the server prints (port
// and token in the fragment).

const CLI = new URL('../../../packages/cli/dist/main.js', import.meta.url).pathname;
const TONE = "play('tone', gain(osc(220), 0.3))";

let dir: string;
let serve: ChildProcess;
let output = '';
let site: Site;
let page: Page;
let served: { server: Server; origin: string };
let printed: URL;

beforeAll(async () => {
  served = await serveSite();
  dir = mkdtempSync(join(tmpdir(), 'aither-serve-'));
  serve = spawn(process.execPath, [CLI, 'serve', '--sink', 'null', '--port', '0', '--allow-origin', served.origin, '--seconds', '300'], {
    env: { ...process.env, AITHER_DIR: dir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  serve.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  serve.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const deadline = Date.now() + 20_000;
  while (!/^playground: (\S+)$/m.test(output)) {
    if (Date.now() > deadline || serve.exitCode !== null) throw new Error(`aither serve did not print its playground address:\n${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  printed = new URL(/^playground: (\S+)$/m.exec(output)![1]!);
  site = await openSite(`/${printed.hash}`, served);
  page = site.page;
});

afterAll(async () => {
  await site?.close();
  served?.server.close();
  if (serve && serve.exitCode === null) {
    serve.kill('SIGINT');
    await new Promise((r) => serve.once('exit', r));
  }
  rmSync(dir, { recursive: true, force: true });
});

const connection = () => Object.fromEntries(new URLSearchParams(printed.hash.slice(1))) as { port: string; token: string };

describe('the playground driving `aither serve --sink null`', () => {
  it('opens from the address the server prints, connects, and strips the token from the address bar', async () => {
    expect(printed.origin).toBe(served.origin); // the last allowed origin: this playground
    expect(printed.hash).toMatch(/^#port=\d+&token=[0-9a-f]{48}$/);
    const s = await until(page, 'the server venue', (x) => x.venue?.kind === 'server');
    expect(s.venue).toMatchObject({ kind: 'server', sink: 'null', sampleRate: 48000 });
    expect(page.url()).toBe(`${served.origin}/`);
    expect(await page.evaluate(() => location.hash)).toBe('');
    // The selector shows which sink the server reports.
    expect(await page.$eval('#venue', (v) => (v as HTMLSelectElement).selectedOptions[0]!.textContent)).toBe('Server: aither serve → null');
  });

  it('evaluates on Ctrl+Enter and shows the server’s stats: levels, load and pool gauges', async () => {
    await typeCode(page, TONE);
    await page.keyboard.press('Control+Enter');
    const s = await until(page, 'the server’s stats with the tone', (x) => x.lastReply?.ok === true && x.stats?.signals === 1 && (x.stats.levels?.tone ?? 0) > 0.25);
    expect(s.lastReply).toMatchObject({ ok: true, registered: ['tone'] });
    expect(s.stats!.peak).toBeCloseTo(0.3, 1);
    expect(s.stats!.pool!.signalSlotsUsed).toBeGreaterThan(0);
    expect(s.stats!.pool!.helperSlotsUsed).toBeGreaterThan(0);
    // The scope draws the server's output from the frames its stats carry: ±0.3, about 30% of its rows.
    expect(s.stats!.wave!.length).toBe(2048);
    const span = await scopeSpanReaching(page, 0.2);
    expect(span).toBeGreaterThan(0.2);
    expect(output).toContain('evaluated: tone');
    await shot(page, 'server');
  });

  it('marks a syntax error at its line the same way, and the server plays on', async () => {
    await typeLastLine(page, "play('bad' osc(1))");
    await page.keyboard.press('Control+Enter');
    const s = await until(page, 'the error', (x) => x.lastReply?.ok === false);
    expect(s.error).toMatchObject({ line: 2, column: 12 });
    expect(await page.locator('.cm-error-line').count()).toBe(1);
    expect(await page.locator('.cm-error-underline').textContent()).toBe('osc');
    const later = await until(page, 'stats after the error', (x) => (x.stats?.seconds ?? 0) > s.stats!.seconds + 0.5);
    expect(later.stats!.levels!.tone).toBeGreaterThan(0.25);
    await page.keyboard.press('Control+Period');
    await until(page, 'the hush on the server', (x) => x.stats?.signals === 0);
  });

  it('is refused a WebSocket from another Origin or without the token (from Node, with the status codes)', async () => {
    const { port, token } = connection();
    const status = (protocols: string[], origin: string) =>
      new Promise<number>((resolve) => {
        const ws = new NodeWebSocket(`ws://127.0.0.1:${port}/v1/ws`, protocols, { origin });
        ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.once('open', () => {
          ws.close();
          resolve(101);
        });
        ws.once('error', () => resolve(-1));
      });
    expect(await status(['aither.v1', `aither.token.${token}`], served.origin)).toBe(101);
    expect(await status(['aither.v1', `aither.token.${token}`], 'http://evil.example')).toBe(403);
    expect(await status(['aither.v1'], served.origin)).toBe(401);
    expect(await status(['aither.v1', `aither.token.${token.replace(/^./, (c) => (c === '0' ? '1' : '0'))}`], served.origin)).toBe(401);
  });

  it('is refused in the browser too: a page of another origin with the token, and the playground with a wrong token', async () => {
    const { port, token } = connection();
    // Another origin: a second static server on another port serving the same files.
    const other = await serveSite();
    try {
      const foreign = await site.context.newPage();
      await foreign.goto(`${other.origin}/`);
      const opened = await foreign.evaluate(
        ([p, t]) =>
          new Promise<string>((resolve) => {
            const ws = new WebSocket(`ws://127.0.0.1:${p}/v1/ws`, ['aither.v1', `aither.token.${t}`]);
            ws.onopen = () => resolve('open');
            ws.onclose = (e) => resolve(`closed ${e.code}`);
          }),
        [port, token] as const,
      );
      expect(opened).toBe('closed 1006');
      await foreign.close();
    } finally {
      other.server.close();
    }
    const wrong = await site.open(`${served.origin}/#port=${port}&token=${'0'.repeat(48)}`);
    const s = await until(wrong, 'the refusal', (x) => x.notice !== '');
    expect(s.venue).toBeNull();
    expect(s.notice).toMatch(/refused the connection/);
    await wrong.close();
  });
});
