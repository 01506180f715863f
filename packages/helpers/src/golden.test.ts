import { createHash } from 'node:crypto';
import { createRuntime, type Runtime } from '@aither/core';
import { describe, expect, it } from 'vitest';
import * as helpers from './index.js';
import { casesOf, PRELUDE, TEST_SIGNALS } from '@aither/helper-kit/table';
import { CASES } from './cases.js';

// The loop the compiler writes for a few small chains, checked against a
// committed text (`__golden__/*.js`), so that any change to generated code —
// an emitter of core's compiler, or a helper's step — shows in review as a
// diff of the loop itself. After an intended change: `npx vitest run -u src/golden.test.ts`.
// The samples are checked elsewhere (against closures and analytic references);
// this checks only the text.

/** The source of each signal's compiled loop, by signal name. */
function sources(session: string, channels: number): Record<string, string> {
  const rt = createRuntime({ sampleRate: 48000, channels, install: [helpers, TEST_SIGNALS], fadeSeconds: 0 });
  rt.evaluate(session);
  rt.render(new Float32Array(128 * channels), 128);
  expect(rt.drainErrors()).toEqual([]);
  return Object.fromEntries([...records(rt)].map(([name, r]) => [name, r.compiled!.source]));
}

/** The runtime's signal records (internal: read here only for their compiled source). */
function records(rt: Runtime): Map<string, { compiled?: { source: string } }> {
  return (rt.debug().registry as unknown as { records: Map<string, { compiled?: { source: string } }> }).records;
}

const golden = (file: string) => `./__golden__/${file}`;

describe('generated loops (golden)', () => {
  it('osc(440): one stateful kernel, mono, its phase in a local', async () => {
    await expect(sources(`play('a', osc(440));`, 1).a).toMatchFileSnapshot(golden('osc.js'));
  });

  it('lowpass(saw(110), 800): a chain, the filter coefficient prepared once per block', async () => {
    await expect(sources(`play('a', lowpass(saw(110), 800));`, 1).a).toMatchFileSnapshot(golden('lowpass-saw.js'));
  });

  it('a stereo pan: each channel written out with its own offsets', async () => {
    await expect(sources(`register('a', pan(saw(110), 0.3), { channels: 2 });`, 2).a).toMatchFileSnapshot(golden('pan-stereo.js'));
  });

  it('a kernel shared by two compiled signals: both check its stamp', async () => {
    const s = sources(`const l = osc(3); play('a', gain(saw(110), l)); play('b', gain(tri(220), l));`, 1);
    await expect(`// a\n${s.a}\n\n// b\n${s.b}\n`).toMatchFileSnapshot(golden('shared.js'));
  });

  it("a user's function calling a helper, inside a chain: the function called, every stamp checked", async () => {
    await expect(sources(`const x = osc(220); play('a', lowpass(s => 0.5 * x(s), 900));`, 1).a).toMatchFileSnapshot(golden('user-function.js'));
  });

  it('every helper, mono, stereo and behind a function of its own: a digest of each loop, to show which changed', async () => {
    const digest = (source: string) => createHash('sha256').update(source).digest('hex').slice(0, 16);
    const digests: Record<string, string> = {};
    for (const [name, chain] of casesOf(CASES)) {
      const mono = sources(`${PRELUDE} play('h', ${chain});`, 1);
      const stereo = sources(`${PRELUDE} const k = ${chain}; register('h', ${chain}, { channels: 2 }); register('u', s => 0.5 * k(s));`, 2);
      digests[name] = [mono.h, stereo.h, stereo.u].map((s) => digest(s!)).join(' ');
    }
    await expect(`${JSON.stringify(digests, null, 2)}\n`).toMatchFileSnapshot(golden('chains.digest.json'));
  }, 60_000);
});
