import { readFileSync } from 'node:fs';
import { fromWav } from '@aither/offline';
import { firstDifference, maxError, reference } from '@aither/backend-worklet/test-support/reference';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { editorText, openSite, scopeSpan, scopeSpanReaching, shot, state, typeCode, typeLastLine, until, type Site } from './test-support/site.js';

// The editor flow in the built playground, in Chromium, with the Browser
// venue (the AudioWorklet, in real time). Keys are sent by physical key
// (Playwright's key names are `KeyboardEvent.code`s); states are polled, never timed.

const SEED = readFileSync(new URL('../../../examples/seed.js', import.meta.url), 'utf8');
const TONE = "play('tone', gain(osc(220), 0.3))";
const FAULTY = "play('tone', gain(osc(220), 0.3)); play('broken', s => (s.t > 0.2 ? NaN : 0))";

let site: Site;
let page: Page;
beforeAll(async () => {
  site = await openSite();
  page = site.page;
});
afterAll(async () => {
  await site?.close();
});

describe('the playground in Chromium (Browser venue)', () => {
  it('opens on the seed example, with the repository’s examples in the menu (seed first)', async () => {
    expect(await editorText(page)).toBe(SEED);
    const names = await page.$$eval('#examples option', (options) => options.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
    expect(names.slice(0, 10)).toEqual(['seed', 'drums', 'bassline', 'pad', 'fm', 'wavetable', 'plucks', 'space', 'feedback', 'session']);
    expect(names).toContain('big');
    const s = await state(page);
    expect(s.venue).toMatchObject({ kind: 'browser', sink: 'worklet' });
  });

  it('plays typed code on Ctrl+Enter: the scope moves from flat to the wave, the level meter shows the signal', async () => {
    await typeCode(page, TONE);
    expect(await editorText(page)).toBe(TONE);
    expect(await scopeSpan(page)).toBeLessThan(0.05); // silence: a flat line
    await page.keyboard.press('Control+Enter');
    const s = await until(page, 'the tone in the stats', (x) => x.lastReply?.ok === true && (x.stats?.levels?.tone ?? 0) > 0.25);
    expect(s.lastReply).toMatchObject({ ok: true, registered: ['tone'], mode: 'session' });
    expect(s.stats!.peak).toBeCloseTo(0.3, 1);
    expect(s.stats!.pool!.signalSlotsUsed).toBeGreaterThan(0);
    expect(s.audibleMs).toBeGreaterThan(0);
    console.log(`[figures] playground evaluate-to-audible (key press to the new code's first sample at the output): ${s.audibleMs!.toFixed(1)} ms`);
    // ±0.3 of the scope's half-height each way: about 30% of its rows.
    const span = await scopeSpanReaching(page, 0.2);
    expect(span).toBeGreaterThan(0.2);
    expect(span).toBeLessThan(0.5);
    await shot(page, 'playing');
  });

  it('marks a syntax error at its line (gutter and underline) and shows it, while the previous code plays on', async () => {
    await typeLastLine(page, "play('bad' osc(1))");
    const before = await state(page);
    await page.keyboard.press('Control+Enter');
    const s = await until(page, 'the error', (x) => x.lastReply?.ok === false);
    expect(s.error).toMatchObject({ line: 2, column: 12 }); // where `osc` stands and a comma was expected
    // Gutter marker and tinted line on line 2; the token at the column underlined.
    const marked = await page.evaluate(() => {
      const lines = [...document.querySelectorAll('.cm-content .cm-line')];
      const line = lines.findIndex((l) => l.classList.contains('cm-error-line'));
      const markers = [...document.querySelectorAll('.cm-error-gutter .cm-gutterElement')].filter((g) => g.querySelector('.cm-error-marker'));
      return {
        line: line + 1,
        underlined: document.querySelector('.cm-error-underline')?.textContent,
        markers: markers.length,
        panel: document.getElementById('error-panel')!.textContent,
      };
    });
    expect(marked).toMatchObject({ line: 2, underlined: 'osc', markers: 1 });
    expect(marked.panel).toMatch(/^Syntax error at line 2, column 12: .*the previous code plays on/);
    // The tone plays on: later stats (more seconds played) still carry it, alone.
    const later = await until(page, 'stats after the error', (x) => (x.stats?.seconds ?? 0) > before.stats!.seconds + 0.5);
    expect(later.stats!.signals).toBe(1);
    expect(later.stats!.levels!.tone).toBeGreaterThan(0.25);
    await shot(page, 'error');
  });

  it('evaluates the paragraph under the cursor on Shift+Enter, as a snippet, and flashes exactly that range', async () => {
    await page.click('.cm-content');
    await page.keyboard.press('Control+KeyA');
    await page.keyboard.press('Delete');
    const second = "play('high', gain(osc(660), 0.1))";
    await page.keyboard.insertText(`${TONE}\n\n${second}\n`);
    await page.keyboard.press('ArrowUp'); // into the second paragraph
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { flashes: string[] }).flashes = seen;
      new MutationObserver(() => {
        const marks = [...document.querySelectorAll('.cm-flash')].map((m) => m.textContent ?? '');
        if (marks.length > 0) seen.push(marks.join('\n'));
      }).observe(document.querySelector('.cm-content')!, { subtree: true, childList: true, attributes: true, characterData: true });
    });
    await page.keyboard.press('Shift+Enter');
    const s = await until(page, 'the snippet', (x) => x.lastReply?.mode === 'snippet' && x.lastReply.ok === true);
    expect(s.lastReply).toMatchObject({ registered: ['high'] });
    expect(s.flashes.at(-1)!.text).toBe(second);
    expect(await page.evaluate(() => (window as unknown as { flashes: string[] }).flashes)).toContain(second);
    // No line was inserted by Shift+Enter, and the error mark is gone.
    expect(await editorText(page)).toBe(`${TONE}\n\n${second}\n`);
    expect(await page.locator('.cm-error-line').count()).toBe(0);
    // A snippet adds: both play.
    await until(page, 'both signals', (x) => x.stats?.signals === 2 && (x.stats.levels?.high ?? 0) > 0.05);
  });

  it('hushes on Ctrl+. typed on an AZERTY layout (the key that types “:”), and stops at once on Ctrl+Shift+.', async () => {
    const cdp = await page.context().newCDPSession(page);
    const key = { modifiers: 2, key: ':', code: 'Period', windowsVirtualKeyCode: 190 };
    await cdp.send('Input.dispatchKeyEvent', { type: 'rawKeyDown', ...key });
    await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', ...key });
    const hushed = await until(page, 'silence after the hush', (x) => x.hushes === 1 && x.stats?.signals === 0 && x.stats.peak === 0);
    expect(hushed.panics).toBe(0);
    await page.keyboard.press('Control+Enter');
    await until(page, 'sound again', (x) => x.stats?.signals === 2 && x.stats.peak > 0.2);
    await page.keyboard.press('Control+Shift+Period');
    await until(page, 'silence after the panic', (x) => x.panics === 1 && x.stats?.signals === 0 && x.stats.peak === 0);
  });

  it('shows a signal muted for a fault by name with its message; the others play on', async () => {
    await typeCode(page, FAULTY);
    await page.keyboard.press('Control+Enter');
    const s = await until(page, 'the fault', (x) => x.faults.some((f) => f.signal === 'broken'));
    expect(s.faults.find((f) => f.signal === 'broken')).toMatchObject({ kind: 'non-finite', message: expect.stringMatching(/Signal 'broken' produced NaN/) });
    expect(await page.locator('#log li.fault').first().textContent()).toMatch(/broken: Signal 'broken' produced NaN .* muted/);
    const later = await until(page, 'the tone after the fault', (x) => (x.stats?.levels?.tone ?? 0) > 0.25 && (x.stats?.faults ?? 0) >= 1);
    expect(later.stats!.levels!.broken).toBe(0);
  });

  it('loads an example from the menu; it plays, with a level per signal', async () => {
    await page.selectOption('#examples', 'drums');
    expect(await editorText(page)).toBe(readFileSync(new URL('../../../examples/drums.js', import.meta.url), 'utf8'));
    await page.keyboard.press('Control+Enter');
    const s = await until(page, 'the drums', (x) => x.lastReply?.ok === true && ['kick', 'clap', 'hats'].every((n) => (x.stats?.levels?.[n] ?? 0) > 0.01));
    expect(s.lastReply).toMatchObject({ registered: ['kick', 'clap', 'hats'], removed: expect.arrayContaining(['tone']) });
    await shot(page, 'drums');
  });

  it('shows the helpers’ TSDoc: completion while typing, docs on hover', async () => {
    await typeCode(page, '');
    await page.keyboard.type("play('x', lowp");
    await page.locator('.cm-tooltip-autocomplete li').first().waitFor({ timeout: 10_000 });
    const items = await page.locator('.cm-tooltip-autocomplete li').allTextContents();
    expect(items.some((t) => t.startsWith('lowpass('))).toBe(true);
    expect(items.some((t) => t.startsWith('lowpassQ('))).toBe(true);
    await page.keyboard.press('Escape');
    await typeCode(page, TONE);
    await page.keyboard.press('Escape');
    const box = (await page.locator('.cm-line').first().boundingBox())!;
    // Hover the middle of "osc" (columns 19..21 of the line).
    const width = await page.evaluate(() => {
      const view = (window as unknown as { playground: { view: { coordsAtPos(p: number): { left: number } | null } } }).playground.view;
      return [view.coordsAtPos(19)!.left, view.coordsAtPos(22)!.left];
    });
    await page.mouse.move((width[0]! + width[1]!) / 2, box.y + box.height / 2);
    const signature = page.locator('.cm-tooltip-hover .doc-signature');
    await signature.waitFor({ timeout: 10_000 });
    expect(await signature.textContent()).toBe('osc(freq: Param<Hz> = 440): Signal');
    expect(await page.locator('.cm-tooltip-hover .doc-params').textContent()).toMatch(/freq — frequency in Hz/);
    await shot(page, 'hover');
    await page.mouse.move(5, 5);
  });

  it('restores the code of a shared link, and steps back through the evaluated versions', async () => {
    const code = "// shared\nplay('shared', gain(saw(110), 0.1))";
    await page.click('.cm-content');
    await page.keyboard.press('Control+KeyA');
    await page.keyboard.insertText(code);
    await page.click('#share');
    // The link is made asynchronously (deflated by a CompressionStream).
    await page.waitForFunction(() => (document.getElementById('share-link') as HTMLInputElement).value.includes('#code='));
    const link = await page.inputValue('#share-link');
    expect(link).toMatch(/#code=[\w-]+$/);
    await page.keyboard.press('Control+KeyA');
    await page.keyboard.insertText('// something else');
    const other = await site.open(link);
    expect(await editorText(other)).toBe(code);
    expect(new URL(other.url()).hash).toBe(''); // the code is in the editor, not left in the address
    await other.close();
    // History: the versions evaluated above, newest first; picking one puts it back.
    const versions = await page.$$eval('#history option', (o) => o.length - 1);
    expect(versions).toBeGreaterThanOrEqual(2);
    // Newest first: the drums, then the session with the faulty signal.
    await page.selectOption('#history', '1');
    expect(await editorText(page)).toBe(FAULTY);
  });

  it('exports a WAV that equals the core’s offline render of the same code in Node (within float32 rounding)', async () => {
    await page.click('.cm-content');
    await page.keyboard.press('Control+KeyA');
    await page.keyboard.insertText(SEED);
    await page.fill('#export-seconds', '2');
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), page.click('#export')]);
    expect(download.suggestedFilename()).toBe('aither-2s.wav');
    const wav = fromWav(readFileSync((await download.path())!));
    // At the live context's rate: the samples the page plays.
    expect(wav.sampleRate).toBe((await state(page)).venue!.sampleRate);
    expect(wav.channels).toBe(2);
    const want = reference(wav.sampleRate, 2 * wav.sampleRate, [{ frame: 0, code: SEED }]);
    expect(wav.samples.length).toBe(want.length);
    expect(firstDifference(wav.samples, want, 2 ** -24)).toBe(-1);
    expect(Math.max(...wav.samples.subarray(0, 48000).map(Math.abs))).toBeGreaterThan(0.1);
    console.log(`[figures] export vs Node render: max |difference| ${maxError(wav.samples, want)} over ${want.length} samples at ${wav.sampleRate} Hz`);
  });

  it('records the live output to a WAV', async () => {
    await typeCode(page, TONE);
    await page.keyboard.press('Control+Enter');
    const start = await until(page, 'the tone', (x) => (x.stats?.levels?.tone ?? 0) > 0.25);
    await page.click('#record');
    await until(page, 'a second recorded', (x) => (x.stats?.seconds ?? 0) > start.stats!.seconds + 1.2);
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), page.click('#record')]);
    expect(download.suggestedFilename()).toBe('aither-take.wav');
    const take = fromWav(readFileSync((await download.path())!));
    expect(take.channels).toBe(2);
    expect(take.samples.length / 2 / take.sampleRate).toBeGreaterThan(0.5);
    let peak = 0;
    for (const v of take.samples) peak = Math.max(peak, Math.abs(v));
    expect(peak).toBeCloseTo(0.3, 2);
  });

  it('keeps the session in localStorage: a page opened again has the text last typed', async () => {
    const code = "// kept\nplay('kept', gain(tri(330), 0.1))";
    await page.click('.cm-content');
    await page.keyboard.press('Control+KeyA');
    await page.keyboard.insertText(code);
    // Autosave writes a moment after typing stops.
    await page.waitForFunction((want) => localStorage.getItem('aither.session') === want, code);
    const again = await site.open(`${site.origin}/`);
    expect(await editorText(again)).toBe(code);
    await again.close();
  });

  it('stops and starts the sound with the play button: the venue stops running, then plays again', async () => {
    await typeCode(page, TONE);
    await page.keyboard.press('Control+Enter');
    await until(page, 'the tone', (x) => x.venue?.running === true && (x.stats?.levels?.tone ?? 0) > 0.25);
    expect(await page.textContent('#play')).toBe('■ Stop');
    await page.click('#play');
    await until(page, 'the venue stopped', (x) => x.venue?.running === false);
    expect(await page.textContent('#play')).toBe('▶ Play');
    await page.click('#play');
    const s = await until(page, 'the venue playing again', (x) => x.venue?.running === true);
    expect(s.venue).toMatchObject({ kind: 'browser', running: true });
    expect(await page.textContent('#play')).toBe('■ Stop');
    await until(page, 'the tone heard again', (x) => (x.stats?.levels?.tone ?? 0) > 0.25);
  });

  it('draws the spectrum on a logarithmic axis: its peak is at the tone’s frequency, and moves with it', async () => {
    // The frequency under the spectrum's highest column of fill (the blue #3b82f6), 20 Hz .. Nyquist.
    const nyquist = (await state(page)).venue!.sampleRate / 2;
    const peakHz = () =>
      page.evaluate((nyquist) => {
        const canvas = document.getElementById('spectrum') as HTMLCanvasElement;
        const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
        let best = { x: -1, y: canvas.height };
        for (let x = 0; x < canvas.width; x++) {
          for (let y = 0; y < best.y; y++) {
            const i = (y * canvas.width + x) * 4;
            if (data[i + 2]! > 200 && data[i]! < 100 && data[i + 1]! > 100 && data[i + 1]! < 160) {
              best = { x, y };
              break;
            }
          }
        }
        const low = Math.log10(20);
        return 10 ** (low + ((best.x + 0.5) / canvas.width) * (Math.log10(nyquist) - low));
      }, nyquist);
    for (const hz of [1000, 4000]) {
      await typeCode(page, `play('tone', gain(osc(${hz}), 0.3))`);
      await page.keyboard.press('Control+Enter');
      await until(page, `the ${hz} Hz tone`, (x) => x.lastReply?.ok === true && (x.stats?.levels?.tone ?? 0) > 0.25);
      // The meters draw at display rate from the analyser: a few frames later the peak has moved.
      let seen = 0;
      for (let k = 0; k < 30 && Math.abs(seen / hz - 1) > 0.08; k++) {
        await page.waitForTimeout(100);
        seen = await peakHz();
      }
      expect(seen / hz).toBeGreaterThan(0.92);
      expect(seen / hz).toBeLessThan(1.08);
    }
    await shot(page, 'spectrum');
  });

  it('draws the pool gauges as the stats give them: the helper slots’ bar is filled by the share in use', async () => {
    const code = `play('echo', delay(saw(110), 8, 0.3))`;
    await typeCode(page, code);
    await page.keyboard.press('Control+Enter');
    const s = await until(page, 'the echo', (x) => x.lastReply?.ok === true && (x.stats?.levels?.echo ?? 0) > 0);
    const pool = s.stats!.pool!;
    const share = pool.helperSlotsUsed / pool.helperSlots;
    expect(share).toBeGreaterThan(0.1); // an 8 s line: a large share, so that a wrong bar shows
    // The helper slots' bar (gauges.ts): from x = 96 to the width less 170, rows 38 .. 47; its fill is any colour but the track's.
    const filled = await page.evaluate(() => {
      const canvas = document.getElementById('gauges') as HTMLCanvasElement;
      const g = canvas.getContext('2d')!;
      const from = 96;
      const to = canvas.width - 170;
      const row = g.getImageData(from, 43, to - from, 1).data;
      const track = [0x23, 0x26, 0x2e];
      let n = 0;
      for (let x = 0; x < to - from; x++) if (Math.abs(row[4 * x]! - track[0]!) + Math.abs(row[4 * x + 1]! - track[1]!) + Math.abs(row[4 * x + 2]! - track[2]!) > 40) n++;
      return n / (to - from);
    });
    expect(Math.abs(filled - share)).toBeLessThan(0.01);
  });

  it('reported no page errors', () => {
    expect(site.errors).toEqual([]);
  });
});
