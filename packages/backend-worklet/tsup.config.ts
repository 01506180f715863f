import { defineConfig } from 'tsup';

export default defineConfig([
  {
    // The main thread's module. The few values it takes from @aither/host and
    // @aither/sink-kit are bundled in, so a page can load it with no bundler.
    entry: { index: 'src/index.ts' },
    format: ['esm'],
    dts: true,
    clean: false,
    platform: 'browser',
    target: 'es2022',
    noExternal: [/^@aither\//],
  },
  {
    // The worklet's module: everything in one file. Not minified: the core
    // writes helpers' steps into compiled loops from their source text, and
    // needs the names they use to be the ones their `uses` give.
    entry: { 'aither.worklet': 'src/aither.worklet.ts' },
    format: ['esm'],
    dts: false,
    clean: false,
    platform: 'browser',
    target: 'es2022',
    noExternal: [/.*/],
    minify: false,
    splitting: false,
  },
]);
