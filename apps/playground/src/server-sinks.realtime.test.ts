import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zeroCrossingHz } from '@aither/core';
import { pulseRig } from '@aither/sink-kit/pulse-rig';
import { describe, expect, it } from 'vitest';
import { openSite, serveSite, shot, until } from './test-support/site.js';

// The PortAudio and Speaker venues as a user reaches them: `aither serve
// --sink portaudio` (or speaker) prints the playground's address, the user
// opens it, and the page drives that server. Heard on a real-time device: a
// PulseAudio null sink (the globalSetup's rig, ALSA's default), whose monitor
// is recorded.

const CLI = new URL('../../../packages/cli/dist/main.js', import.meta.url).pathname;
const RATE = 48000;
const SELECTOR = { portaudio: 'PortAudio (aither serve)', speaker: 'Speaker (aither serve)' };

/** The pitch of each 50 ms window of channel 0 that holds a tone (|x| reaching 0.05), Hz. */
function pitches(x: Float32Array): number[] {
  const w = RATE / 20;
  const out: number[] = [];
  for (let at = 0; at + w <= x.length / 2; at += w) {
    let peak = 0;
    for (let i = at; i < at + w; i++) peak = Math.max(peak, Math.abs(x[2 * i]!));
    if (peak >= 0.05) out.push(zeroCrossingHz(x.subarray(2 * at, 2 * (at + w)), RATE, 2));
  }
  return out;
}

/** Starts `aither serve --sink <sink>` for the page at `origin`; resolves with it and the address it printed. */
async function serve(sink: string, origin: string, dir: string): Promise<{ child: ChildProcess; printed: URL; output: () => string }> {
  const child = spawn(process.execPath, [CLI, 'serve', '--sink', sink, '--port', '0', '--allow-origin', origin, '--seconds', '120'], {
    env: { ...process.env, AITHER_DIR: dir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const deadline = Date.now() + 30_000;
  while (!/^playground: (\S+)$/m.test(output)) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`aither serve --sink ${sink} did not print its playground address:\n${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { child, printed: new URL(/^playground: (\S+)$/m.exec(output)![1]!), output: () => output };
}

for (const sink of ['speaker', 'portaudio'] as const) {
  describe(`the ${SELECTOR[sink]} venue, heard on a real-time device`, () => {
    it('opens from the address `aither serve` prints, plays the seed there (stats: playing, peak, the sink), and an edit changes the pitch', async () => {
      const rig = pulseRig();
      const served = await serveSite();
      const dir = mkdtempSync(join(tmpdir(), 'aither-serve-'));
      const recording = await rig.record();
      let server: Awaited<ReturnType<typeof serve>> | undefined;
      let site: Awaited<ReturnType<typeof openSite>> | undefined;
      try {
        server = await serve(sink, served.origin, dir);
        site = await openSite(`/${server.printed.hash}`, served);
        const page = site.page;
        // Connected to that server, named in the selector; the seed example is in the editor (a fresh profile).
        const connected = await until(page, `the ${sink} server`, (s) => s.venue?.kind === 'server');
        expect(connected.venue).toMatchObject({ kind: 'server', sink, sampleRate: RATE });
        expect(await page.$eval('#venue', (v) => (v as HTMLSelectElement).selectedOptions[0]!.textContent)).toBe(SELECTOR[sink]);
        expect(await page.textContent('#venue-label')).toBe(`aither serve → ${sink} (${RATE} Hz)`);
        expect(await page.textContent('.cm-content')).toContain('osc(440)');

        await page.click('.cm-content');
        await page.keyboard.press('Control+Enter');
        // The signal's level is measured on one chunk in four: the period its sound starts in may show the
        // output's peak before its level, so both are waited for.
        const playing = await until(
          page,
          'the seed playing on the server',
          (s) => s.lastReply?.ok === true && (s.stats?.peak ?? 0) > 0 && (s.stats?.seconds ?? 0) > 0 && (s.stats?.levels?.['filtered-delayed-sine'] ?? 0) > 0,
        );
        expect(playing.lastReply).toMatchObject({ ok: true, registered: ['filtered-delayed-sine'] });
        expect(playing.stats!.signals).toBe(1);
        expect(playing.stats!.levels!['filtered-delayed-sine']).toBeGreaterThan(0);
        // Two more seconds of the seed, seen in the server's clock.
        await until(page, 'two seconds of the seed', (s) => (s.stats?.seconds ?? 0) > playing.stats!.seconds + 2);
        await shot(page, `server-${sink}`);

        // The edit, as a user makes it: double-click the frequency, type another, Ctrl+Enter.
        await page.locator('.cm-content').getByText('440', { exact: true }).dblclick();
        await page.keyboard.type('660');
        await page.keyboard.press('Control+Enter');
        const edited = await until(page, 'the edit evaluated', (s) => s.evaluations >= 2 && s.lastReply?.ok === true);
        await until(page, 'two seconds of the edit', (s) => (s.stats?.seconds ?? 0) > edited.stats!.seconds + 2);
        expect(server.output()).toContain('evaluated: filtered-delayed-sine');
      } finally {
        await site?.close();
        served.server.close();
        if (server && server.child.exitCode === null) {
          server.child.kill('SIGINT');
          await new Promise((r) => server!.child.once('exit', r));
        }
        rmSync(dir, { recursive: true, force: true });
      }
      const monitor = await recording.stop();
      // What the device played: the seed's 440 Hz for two seconds and more, then 660 Hz (the
      // first half second after the edit still carries the 440 Hz echo of the delay line).
      const heard = pitches(monitor);
      const at = (hz: number) => heard.filter((p) => Math.abs(p - hz) < 8).length;
      console.log(`[figure] ${sink}: ${heard.length} windows of 50 ms with the tone; ${at(440)} at 440 Hz, ${at(660)} at 660 Hz`);
      const is = (hz: number) => (p: number) => Math.abs(p - hz) < 8;
      const edit = heard.findIndex(is(660));
      expect(edit).toBeGreaterThan(0);
      // Before the edit: the seed, at 440 Hz, for 1.5 s at least (the page saw 2 s of it play).
      expect(heard.slice(0, edit).filter(is(440)).length).toBeGreaterThanOrEqual(30);
      // After: 660 Hz for 1 s at least, and from half a second on no 440 Hz left.
      expect(heard.slice(edit).filter(is(660)).length).toBeGreaterThanOrEqual(20);
      expect(heard.slice(edit + 10).filter(is(440))).toEqual([]);
    });
  });
}
