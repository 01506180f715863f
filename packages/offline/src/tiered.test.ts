// Every example played as a live host plays it (tiered: on closures first,
// each loop swapped in between two blocks once warm) gives the very samples
// of the offline render, whichever blocks the swaps fall on.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRuntime } from '@aither/core';
import { firstDifference } from '@aither/helper-kit';
import { renderWarming } from '@aither/helper-kit/table';
import * as helpers from '@aither/helpers';
import * as physical from '@aither/helpers-physical';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const dir = join(root, 'examples');

describe('Runtime.warm', () => {
  it('runs as its TSDoc example is written: the signal plays on closures, then on its loop', () => {
    const out = new Float32Array(256);
    const rt = createRuntime({ sampleRate: 48000, tiered: true, install: [helpers] });
    rt.evaluate("play('a', lpf(saw(110), 800, 0.4))"); // plays from the next block, on closures
    expect(rt.stats().warming).toBe(1);
    while (rt.warm(performance.now() + 1, () => performance.now())) rt.render(out, 128);
    expect(rt.stats()).toMatchObject({ warming: 0, compiledSignals: 1 });
    rt.render(out, 128);
    expect(out.some((v) => v !== 0)).toBe(true);
  });
});

describe('examples/ played tiered', () => {
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.js'))) {
    it(`${name}: the same samples as untiered, its loops swapped in at blocks a seeded draw picks`, { timeout: 60_000 }, () => {
      const code = readFileSync(join(dir, name), 'utf8');
      const make = (tiered: boolean) => createRuntime({ sampleRate: 48000, channels: 2, install: [helpers, physical], tiered, warmCalls: 24 });
      const [flat, tiered] = [make(false), make(true)];
      flat.evaluate(code);
      tiered.evaluate(code);
      const signals = flat.stats().signals;
      expect(tiered.stats().warming).toBe(flat.stats().compiledSignals);
      const frames = 48000 * 2;
      const reference = renderWarming(flat, frames, 128, 99, 0);
      // Up to 12 steps a block: every loop of the piece goes live within the 2 s.
      const played = renderWarming(tiered, frames, 128, 99, 12);
      expect(firstDifference(played, reference)).toBe(-1);
      expect(tiered.stats()).toMatchObject({ signals, warming: 0, compiledSignals: flat.stats().compiledSignals });
      expect(tiered.drainErrors()).toEqual([]);
    });
  }
});
