import { readFileSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { TOKEN_PROTOCOL } from './server.js';
import { aither, aitherBackground, tempDir, until } from './test-support.js';

let dir: string;
let server: ReturnType<typeof aitherBackground>;
let port: number;
let token: string;
const env = () => ({ AITHER_DIR: dir });

beforeAll(async () => {
  dir = join(tempDir(), 'run');
  server = aitherBackground(['serve', '--sink', 'null', '--port', '0', '--seconds', '60'], env());
  await until(() => server.output().includes('serving on'), 10_000, 'the server');
  ({ port, token } = JSON.parse(readFileSync(join(dir, 'server.json'), 'utf8')) as { port: number; token: string });
});

afterAll(async () => {
  server.child.kill('SIGINT');
  await server.exited;
});

function post(body: unknown, headers: Record<string, string> = { authorization: `Bearer ${token}` }) {
  return fetch(`http://127.0.0.1:${port}/v1`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

describe('aither serve', () => {
  it('keeps its token in a file only this user can read', () => {
    expect(statSync(join(dir, 'server.json')).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(token).toMatch(/^[0-9a-f]{48}$/);
  });

  it('prints the playground’s address with the port and token in its fragment (which no browser sends to a server)', async () => {
    await until(() => server.output().includes('playground: '), 5000, 'the playground line');
    const line = server
      .output()
      .split('\n')
      .find((l) => l.startsWith('playground: '));
    expect(line).toBe(`playground: http://127.0.0.1:5173/#port=${port}&token=${token}`);
  });

  it('listens on the loopback address only', () => {
    // The kernel's table of listening TCP sockets: the server's port is bound to 127.0.0.1 (0100007F), nowhere else.
    const rows = [readFileSync('/proc/net/tcp', 'utf8'), readFileSync('/proc/net/tcp6', 'utf8')].join('\n').split('\n');
    const hex = port.toString(16).toUpperCase().padStart(4, '0');
    const listening = rows.map((r) => r.trim().split(/\s+/)).filter((f) => f[1]?.endsWith(`:${hex}`) && f[3] === '0A');
    expect(listening.map((f) => f[1])).toEqual([`0100007F:${hex}`]);
  });

  it('takes code from `aither send` (a file or standard input) and answers ok or the error at its line', async () => {
    const ok = aither(['send'], { env: env(), input: "play('sent', gain(osc(330), 0.1));\n" });
    expect(ok.stdout.trim()).toBe('ok (sent)');
    expect(ok.status).toBe(0);
    const bad = aither(['send'], { env: env(), input: "play('x', osc(1));\nplay('y' osc(2));\n" });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/^stdin:2:10: Syntax error at line 2, column 10/);
    await until(() => server.output().includes('evaluated: sent'), 5000, 'the server to print what it evaluated');
  });

  it('drives a running server from `aither repl`, with multi-line input', () => {
    const run = aither(['repl'], { env: env(), input: "play('r', pipe(osc(220),\n  x => gain(x, 0.1)))\nplay('q' osc(1))\n" });
    expect(run.stdout).toContain('ok (r)');
    expect(run.stderr).toMatch(/repl:1:10: Syntax error/);
  });

  it('refuses a wrong or missing token, a foreign Host, and a web page of another origin', async () => {
    const evaluate = { v: 1, type: 'evaluate', id: 1, code: "play('evil', osc(1))" };
    expect((await post(evaluate, {})).status).toBe(401);
    expect((await post(evaluate, { authorization: `Bearer ${token.replace(/.$/, '0')}x` })).status).toBe(401);
    expect((await post(evaluate, { authorization: `Bearer ${token}`, origin: 'https://example.com' })).status).toBe(403);
    // A page on a rebound name (evil.example resolving to 127.0.0.1) sends its own Host.
    const rebound = await new Promise<number>((resolve, reject) =>
      request({ host: '127.0.0.1', port, path: '/v1', method: 'POST', headers: { authorization: `Bearer ${token}`, host: 'evil.example' } }, (res) => resolve(res.statusCode ?? 0))
        .on('error', reject)
        .end('{}'),
    );
    expect(rebound).toBe(421);
    const stats = await (await post({ v: 1, type: 'stats', id: 2 })).json();
    expect(stats).toMatchObject({ type: 'stats', id: 2 });
    const list = (await (await post({ v: 1, type: 'evaluate', id: 3, code: "play('ok2', osc(1))" })).json()) as { reply: { registered: string[] } };
    expect(list.reply.registered).toEqual(['ok2']);
  });

  it('serves the same messages on a WebSocket with the token and an allowed Origin, and publishes stats', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/v1/ws`, ['aither.v1', `${TOKEN_PROTOCOL}${token}`], { origin: 'http://localhost:5173' });
    const messages: Array<Record<string, unknown>> = [];
    ws.on('message', (d) => messages.push(JSON.parse(String(d)) as Record<string, unknown>));
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    ws.send(JSON.stringify({ v: 1, type: 'evaluate', id: 9, code: "play('ws', osc(440)" }));
    await until(() => messages.length > 0, 5000, 'the hello');
    // First, which venue and sink play (the playground shows it).
    expect(messages[0]).toEqual({ v: 1, type: 'hello', venue: 'aither serve', sink: 'null', sampleRate: 48000, channels: 2 });
    await until(() => messages.some((m) => m.id === 9), 5000, 'the reply');
    const reply = messages.find((m) => m.id === 9) as { reply: { ok: boolean; line: number } };
    expect(reply.reply).toMatchObject({ ok: false, line: 1 });
    await until(() => messages.some((m) => m.type === 'stats'), 5000, 'published stats');
    // Meters carry the pool gauges and each signal's level.
    const stats = messages.find((m) => m.type === 'stats') as { meters: { pool: Record<string, number>; levels: Record<string, number> } };
    expect(stats.meters.pool.signalSlots).toBeGreaterThan(0);
    expect(typeof stats.meters.levels).toBe('object');
    ws.close();
    for (const [protocols, origin, code] of [
      [['aither.v1'], 'http://localhost:5173', 401],
      [['aither.v1', `${TOKEN_PROTOCOL}${token}`], 'https://evil.example', 403],
    ] as Array<[string[], string, number]>) {
      const bad = new WebSocket(`ws://127.0.0.1:${port}/v1/ws`, protocols, { origin });
      const status = await new Promise<number>((resolve) =>
        bad
          .once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0))
          .once('open', () => resolve(101))
          .once('error', () => resolve(-1)),
      );
      expect(status).toBe(code);
    }
  });
});
