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
