// Chromium for the browser tests: the system's (never a downloaded one),
// headless with a fresh profile, on pages from a tiny static server on
// 127.0.0.1 that sends the cross-origin isolation headers.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

const PACKAGE = new URL('../../', import.meta.url).pathname;
const ROOTS: Record<string, string> = { '/dist/': join(PACKAGE, 'dist'), '/fixtures/': join(PACKAGE, 'src/test-support/fixtures') };
const TYPES: Record<string, string> = {
  '.js': 'text/javascript',
  '.html': 'text/html',
  '.css': 'text/css',
  '.json': 'application/json',
  '.map': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
};

/** The path of a served URL, or undefined for anything outside the two folders. */
function fileOf(url: string): string | undefined {
  const path = decodeURIComponent(url.split('?')[0]!);
  if (path === '/') return join(ROOTS['/fixtures/']!, 'page.html');
  for (const [prefix, root] of Object.entries(ROOTS)) {
    if (!path.startsWith(prefix)) continue;
    const file = normalize(join(root, path.slice(prefix.length)));
    return file.startsWith(root) ? file : undefined;
  }
  return undefined;
}

/** The headers every test page is served with: cross-origin isolated, never cached. */
export const ISOLATION = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp', 'cache-control': 'no-store' };

/**
 * A static server on 127.0.0.1 (a free port) with {@link ISOLATION}: `fileOf`
 * maps a request's URL to a file, or undefined (404).
 */
export function serveStatic(fileOf: (url: string) => string | undefined): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    const file = fileOf(req.url ?? '/');
    if (!file || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, ISOLATION).end();
      return;
    }
    res.writeHead(200, { ...ISOLATION, 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, origin: `http://127.0.0.1:${(server.address() as { port: number }).port}` })));
}

/** What the Chromium binary is; the tests say so when it is missing instead of failing obscurely. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The system's Chromium, headless, with a fresh profile that `close` removes. */
export async function launchChromium(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'aither-chromium-'));
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      acceptDownloads: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--autoplay-policy=no-user-gesture-required',
      ],
    });
    return {
      context,
      close: async () => {
        await context.close();
        rmSync(profile, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(profile, { recursive: true, force: true });
    throw error;
  }
}

/** Collects a page's errors (uncaught, console.error); with AITHER_PAGE_LOG set, echoes its console. */
export function pageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
    if (process.env.AITHER_PAGE_LOG) console.log('page:', m.text());
  });
  return errors;
}

/** A page of the test site in a fresh headless Chromium; `close` ends both and removes the profile. */
export async function openPage(): Promise<{ page: Page; origin: string; close(): Promise<void> }> {
  if (!existsSync(join(PACKAGE, 'dist/aither.worklet.js'))) throw new Error('dist/aither.worklet.js is missing: run pnpm build first');
  const { server, origin } = await serveStatic(fileOf);
  let browser: Awaited<ReturnType<typeof launchChromium>> | undefined;
  try {
    browser = await launchChromium();
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    const errors = pageErrors(page);
    await page.goto(`${origin}/`);
    await page
      .waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true, undefined, { timeout: 10_000 })
      .catch((e: Error) => {
        throw new Error(`the test page did not load: ${errors.join('; ') || e.message}`);
      });
    const opened = browser;
    return {
      page,
      origin,
      close: async () => {
        await opened.close();
        server.close();
      },
    };
  } catch (error) {
    await browser?.close();
    server.close();
    throw error;
  }
}

/** base64 of float32 bytes (from the page) → Float32Array. */
export function floats(b64: string): Float32Array {
  const bytes = new Uint8Array(Buffer.from(b64, 'base64')); // a copy: aligned for Float32Array
  return new Float32Array(bytes.buffer);
}
