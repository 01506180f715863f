import { casesOf } from '@aither/helper-kit/table';
import { CASES as HELPER_CASES } from '@aither/helpers/cases';
import { CASES as PHYSICAL_CASES } from '@aither/helpers-physical/cases';
import { analyse } from '@aither/offline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { floats, openPage } from './test-support/browser.js';
import { firstDifference, maxError, reference, SEED } from './test-support/reference.js';

// Chromium renders the worklet bundle in an OfflineAudioContext; Node renders
// the same code with the core. Aither's render does not depend on the block
// size, so Web Audio's 128-frame quanta must give the core's samples. Both
// compute in float64 and round to float32 once per sample: allow one rounding
// of a sample in [−1, 1] (2^−24), and say where the first larger difference is.
const TOLERANCE = 2 ** -24;

type Page = Awaited<ReturnType<typeof openPage>>;
let browser: Page;
beforeAll(async () => {
  browser = await openPage();
}, 30_000);
afterAll(async () => {
  await browser?.close();
});

interface Offline {
  samples: string;
  channels: number;
  replies: Array<{ ok: boolean; frame: number }>;
  ms: number;
}

function offline(code: string, sampleRate: number, seconds: number, edits: Array<{ at: number; code: string }> = []): Promise<Offline> {
  return browser.page.evaluate(([c, sr, s, e]) => (window as unknown as { aither: { offline(...a: unknown[]): Promise<Offline> } }).aither.offline(c, sr, s, e), [
    code,
    sampleRate,
    seconds,
    edits,
  ] as const);
}

describe('the worklet in an OfflineAudioContext', () => {
  for (const sampleRate of [48000, 44100]) {
    it(`renders the seed example as the core does in Node, sample for sample, at ${sampleRate} Hz`, async () => {
      const seconds = 2;
      const got = await offline(SEED, sampleRate, seconds);
      expect(got.replies[0]).toMatchObject({ ok: true, frame: 0 });
      const audio = floats(got.samples);
      const want = reference(sampleRate, Math.round(seconds * sampleRate), [{ frame: 0, code: SEED }]);
      expect(audio.length).toBe(want.length);
      expect(firstDifference(audio, want, TOLERANCE)).toBe(-1);
      // Not silence that trivially matches: the delayed sine is there.
      expect(analyse(audio, 2, sampleRate).peak).toBeGreaterThan(0.1);
      console.log(`[figures] exactness at ${sampleRate} Hz: max |worklet − core| = ${maxError(audio, want)} over ${audio.length} samples (render ${got.ms.toFixed(0)} ms)`);
    });
  }

  it('plays 440 Hz at 440 Hz at 44.1 kHz (the context’s rate, not a fixed 48 kHz)', async () => {
    const got = await offline("play('a', gain(osc(440), 0.5))", 44100, 1);
    const { fundamentalHz, peak } = analyse(floats(got.samples), 2, 44100);
    expect(fundamentalHz).toBeCloseTo(440, 1);
    expect(peak).toBeCloseTo(0.5, 2);
  });

  it('lands an edit at the quantum where the context was suspended, exactly where the core lands it, with the helpers’ state kept', async () => {
    const sampleRate = 48000;
    const edited = SEED.replace('osc(440)', 'osc(660)');
    const got = await offline(SEED, sampleRate, 1.5, [{ at: 0.5, code: edited }]);
    const frame = Math.ceil((0.5 * sampleRate) / 128) * 128;
    expect(got.replies.map((r) => [r.ok, r.frame])).toEqual([
      [true, 0],
      [true, frame],
    ]);
    const audio = floats(got.samples);
    const frames = 1.5 * sampleRate;
    expect(
      firstDifference(
        audio,
        reference(sampleRate, frames, [
          { frame: 0, code: SEED },
          { frame, code: edited },
        ]),
        TOLERANCE,
      ),
    ).toBe(-1);
    // The check sees an edit: without it the output differs once the 0.25 s delay has passed it on.
    const unedited = firstDifference(audio, reference(sampleRate, frames, [{ frame: 0, code: SEED }]), TOLERANCE);
    expect(unedited / 2).toBeGreaterThanOrEqual(frame);
    expect(unedited / 2).toBeLessThan(frame + 0.25 * sampleRate + 256);
  });

  it('adds the module once per context: two sinks on one context share it, another context loads its own', async () => {
    const got = await browser.page.evaluate(() =>
      (window as unknown as { aither: { registration(): Promise<{ adds: number[]; ok: boolean[]; peak: number }> } }).aither.registration(),
    );
    expect(got.adds).toEqual([1, 1]);
    expect(got.ok).toEqual([true, true, true]);
    expect(got.peak).toBeGreaterThan(0.15); // both sinks of the first context sound (0.1 each)
  });
});

describe('a processor that fails', () => {
  it('is reported in status().error, and the calls waiting for it reject with the reason instead of hanging', async () => {
    const got = await browser.page.evaluate(() => (window as unknown as { aither: { failing(): Promise<Record<string, unknown>> } }).aither.failing());
    expect(got.error).toMatch(/processor failed/);
    expect(got.running).toBe(false);
    expect(got.evaluated).toBe(got.error);
    expect(got.started).toBe(got.error);
  });
});

// Bundling renames a module's names where two modules clash; a helper whose
// step then names something its `uses` does not give is called instead of
// written into the loop (several times slower). Check the bundle as shipped,
// in the worklet's own scope.
// Every case of the helper tables, built in the worklet from the bundle's own helpers. The
// tables' test signals come from the kit, which the bundle does not carry: `x`, `mod` and
// `slow` are written here with the bundle's helpers, the same shapes (a sine; 800 ± 300 Hz
// at 3 Hz; ±0.5 at 0.1 Hz).
const TABLE = { ...HELPER_CASES, ...PHYSICAL_CASES };
const INPUTS = 'const x = gain(osc(330), 0.4); const mod = mix(gain(osc(3), 300), 800); const slow = gain(osc(0.1), 0.5);';
const PROBES = `(() => { ${INPUTS} return { ${casesOf(TABLE)
  .map(([name, code]) => `${JSON.stringify(name)}: ${code}`)
  .join(', ')} }; })()`;
// Not kernels by design: combinators of other helpers (their result is the last helper's), and
// the rows the tables mark as closures.
const NOT_KERNELS = ['pipe', 'compose', 'parallel', ...Object.keys(TABLE).filter((name) => TABLE[name]!.closure !== undefined)];
const CLOSURES = new Set(casesOf(TABLE).flatMap(([name]) => (TABLE[name.split(' (')[0]!]?.closure !== undefined ? [name] : [])));

describe('the worklet bundle as shipped', () => {
  it('has every helper of its installed packages written into compiled loops, in the worklet scope', async () => {
    const got = await browser.page.evaluate(
      (probes) => (window as unknown as { aither: { probe(p: string): Promise<{ names: string[]; reports: Array<[string, string | null]> }> } }).aither.probe(probes),
      PROBES,
    );
    const probed = got.reports.map(([name]) => name);
    expect(got.names.filter((n) => !probed.includes(n) && !NOT_KERNELS.includes(n))).toEqual([]);
    expect(got.reports.filter(([name, report]) => report !== null && !CLOSURES.has(name))).toEqual([]);
    expect(probed.length).toBe(casesOf(TABLE).length);
  });

  it('finds Date.now the only clock of the AudioWorkletGlobalScope, and shared memory there (the metered processor reads a worker’s clock from it)', async () => {
    const got = await browser.page.evaluate(
      (probes) => (window as unknown as { aither: { probe(p: string): Promise<{ clocks: Record<string, string> }> } }).aither.probe(probes),
      'osc(1)',
    );
    // If Chromium adds performance.now to the scope (a fast API call that returns a double without
    // allocating), the processor could read it instead of the clock worker's shared memory.
    expect(got.clocks).toEqual({ performance: 'undefined', dateNow: 'function', sharedMemory: 'function', atomics: 'object' });
  });
});
