// The built playground (dist/, from `vite build`) served on 127.0.0.1 with
// COOP/COEP, opened in the system's Chromium (the worklet package's test
// support: never a downloaded browser).
import { existsSync, mkdirSync } from 'node:fs';
import { join, normalize } from 'node:path';
import type { Server } from 'node:http';
import { launchChromium, pageErrors, serveStatic } from '@aither/backend-worklet/test-support/browser';
import type { BrowserContext, Page } from 'playwright-core';
import type { PlaygroundState } from '../state.js';

const DIST = new URL('../../dist/', import.meta.url).pathname;

/** Where the final screenshots go (AITHER_SHOTS), else a temp folder. */
export const SHOTS = process.env.AITHER_SHOTS ?? join(process.env.TMPDIR ?? '/tmp', 'aither-playground-shots');

function fileOf(url: string): string | undefined {
  const path = decodeURIComponent(url.split(/[?#]/)[0]!);
  const file = normalize(join(DIST, path === '/' ? 'index.html' : path));
  return file.startsWith(DIST) ? file : undefined;
}

/** The built playground on a static server of its own origin. */
export async function serveSite(): Promise<{ server: Server; origin: string }> {
  if (!existsSync(join(DIST, 'index.html'))) throw new Error('apps/playground/dist is missing: run pnpm build first');
  return serveStatic(fileOf);
}

export interface Site {
  context: BrowserContext;
  page: Page;
  origin: string;
  errors: string[];
  /** Opens another page of the same browser (same storage) at `url`. */
  open(url: string): Promise<Page>;
  close(): Promise<void>;
}

/** The playground at `origin + path` in a fresh Chromium, once its venue has opened (or said why not). */
export async function openSite(path = '/', served?: { server: Server; origin: string }): Promise<Site> {
  const own = served === undefined;
  const { server, origin } = served ?? (await serveSite());
  const browser = await launchChromium();
  const open = async (url: string) => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1280, height: 760 });
    await page.goto(url);
    await page.waitForFunction(
      () => {
        const s = (window as unknown as { playground?: { state: PlaygroundState } }).playground?.state;
        return s !== undefined && (s.venue !== null || s.notice !== '');
      },
      undefined,
      { timeout: 20_000 },
    );
    return page;
  };
  try {
    const first = browser.context.pages()[0];
    const page = first ?? (await browser.context.newPage());
    const errors = pageErrors(page);
    await page.setViewportSize({ width: 1280, height: 760 });
    await page.goto(`${origin}${path}`);
    await page
      .waitForFunction(
        () => {
          const s = (window as unknown as { playground?: { state: PlaygroundState } }).playground?.state;
          return s !== undefined && (s.venue !== null || s.notice !== '');
        },
        undefined,
        { timeout: 20_000 },
      )
      .catch((e: Error) => {
        throw new Error(`the playground did not load: ${errors.join('; ') || e.message}`);
      });
    return {
      context: browser.context,
      page,
      origin,
      errors,
      open,
      close: async () => {
        await browser.close();
        if (own) server.close();
      },
    };
  } catch (error) {
    await browser.close();
    if (own) server.close();
    throw error;
  }
}

/** The page's state (a copy). */
export function state(page: Page): Promise<PlaygroundState> {
  return page.evaluate(() => JSON.parse(JSON.stringify((window as unknown as { playground: { state: PlaygroundState } }).playground.state)) as PlaygroundState);
}

/** Polls the page's state until `test` holds (no timing assumed: a loaded machine only makes it slower). */
export async function until(page: Page, what: string, test: (s: PlaygroundState) => boolean, timeoutMs = 20_000): Promise<PlaygroundState> {
  const deadline = Date.now() + timeoutMs;
  let last: PlaygroundState | undefined;
  while (Date.now() < deadline) {
    last = await state(page);
    if (test(last)) return last;
    await page.waitForTimeout(100);
  }
  throw new Error(`timed out waiting for ${what}; state: ${JSON.stringify({ ...last, flashes: last?.flashes.length })}`);
}

/** Replaces the editor's text by typing it (select all, then the keys one by one). */
export async function typeCode(page: Page, code: string): Promise<void> {
  await page.click('.cm-content');
  await page.keyboard.press('Control+KeyA');
  await page.keyboard.press('Delete');
  // Typed as a person would; the editor's auto-closed brackets and quotes are typed over.
  await page.keyboard.type(code);
  await page.keyboard.press('Escape'); // closes a completion list left open
}

/** The editor's text. */
export function editorText(page: Page): Promise<string> {
  return page.evaluate(() => (window as unknown as { playground: { text(): string } }).playground.text());
}

/** Saves a screenshot under {@link SHOTS}; returns its path. */
export async function shot(page: Page, name: string): Promise<string> {
  mkdirSync(SHOTS, { recursive: true });
  // The flash of an evaluation is over first: a shot of the page at rest.
  await page
    .locator('.cm-flash')
    .first()
    .waitFor({ state: 'detached', timeout: 5000 })
    .catch(() => {});
  const file = join(SHOTS, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** The rows of the scope canvas the trace covers, as a share of its height. */
export function scopeSpan(p: Page): Promise<number> {
  return p.evaluate(() => {
    const canvas = document.getElementById('scope') as HTMLCanvasElement;
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    let top = canvas.height;
    let bottom = -1;
    // Skip the label's corner; the trace is light blue (#7fd1ff, anti-aliased).
    for (let y = 0; y < canvas.height; y++) {
      for (let x = Math.floor(canvas.width * 0.2); x < canvas.width; x += 2) {
        const i = (y * canvas.width + x) * 4;
        if (data[i + 2]! > 180 && data[i + 1]! > 140 && data[i]! < 200) {
          top = Math.min(top, y);
          bottom = Math.max(bottom, y);
        }
      }
    }
    return bottom < 0 ? 0 : (bottom - top + 1) / canvas.height;
  });
}

/** The scope's span once it reaches `least` (polled every 100 ms), or what it was when `timeoutMs` ran out. */
export async function scopeSpanReaching(p: Page, least: number, timeoutMs = 10_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let span = await scopeSpan(p);
  while (Date.now() < deadline && span < least) {
    await p.waitForTimeout(100);
    span = await scopeSpan(p);
  }
  return span;
}

/** Types `line` as a new last line of the editor (and closes a completion list left open). */
export async function typeLastLine(page: Page, line: string): Promise<void> {
  await page.click('.cm-content');
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Enter');
  await page.keyboard.type(line);
  await page.keyboard.press('Escape');
}
