import { defineConfig } from 'vite';

// Cross-origin isolation (SharedArrayBuffer, precise timers), as the tests serve it too.
const isolation = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

/** Whether a browser can be opened here: a desktop system, or a display on Linux. */
function hasBrowser(): boolean {
  if (process.env.CI) return false;
  return process.platform === 'darwin' || process.platform === 'win32' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
}

export default defineConfig({
  // 127.0.0.1:5173 is the origin `aither serve` allows by default.
  server: { host: '127.0.0.1', port: 5173, strictPort: true, headers: isolation, open: hasBrowser(), fs: { allow: ['../..'] } },
  preview: { host: '127.0.0.1', port: 4173, headers: isolation },
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: true,
    // Worklet modules stay files: addModule loads a URL, and the Aither bundle must stay unminified.
    assetsInlineLimit: (file: string) => (file.endsWith('.js') ? false : undefined),
    // CodeMirror is most of the page's one chunk.
    chunkSizeWarningLimit: 1024,
  },
});
