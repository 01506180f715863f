import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/cases.ts'],
  format: ['esm'],
  dts: true,
  clean: true,
  // @aither/core stays external (a peer: the host's single copy binds your helpers).
  // Minifying identifiers would rename the constants a step names in `uses`, and the
  // compiler would then call the step instead of writing it in: leave it off (see docs/helpers.md).
  minify: false,
});
