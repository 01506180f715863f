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
const PROBES = `{
  osc: osc(220), sin: sin(220), saw: saw(110), pulse: pulse(110, 0.3), square: square(110), tri: tri(110), phasor: phasor(2),
  wave: wave(2, [1, 2]), noise: noise(), pink: pink(), lowpass: lowpass(osc(220), 800), highpass: highpass(osc(220), 800),
  dcblock: dcblock(osc(220)), slew: slew(osc(220), 0.01), lag: lag(osc(220), 0.01), lpf: lpf(osc(220), 800, 0.5), hpf: hpf(osc(220), 800, 0.5),
  bpf: bpf(osc(220), 800, 0.5), notch: notch(osc(220), 800, 0.5), lowpassQ: lowpassQ(osc(220), 800, 2), highpassQ: highpassQ(osc(220), 800, 2),
  bandpassQ: bandpassQ(osc(220), 800, 2), notchQ: notchQ(osc(220), 800, 2), ladder: ladder(osc(220), 800, 0.5),
  delay: delay(osc(220), 0.1, 0.05), feedback: feedback(osc(220), 0.1, 0.05, 0.5), comb: comb(osc(220), 0.1, 0.05, 0.5),
  allpass: allpass(osc(220), 0.05, 0.01, 0.5), reverb: reverb(osc(220), 2, 0.3, 0.3), tremolo: tremolo(osc(220), 5, 0.8),
  vibrato: vibrato(osc(220), 5, 0.5), chorus: chorus(osc(220)), gain: gain(osc(220), 0.5), pan: pan(osc(220), 0.3),
  mix: mix(osc(220), osc(330)), share: share(osc(220)), tanh: tanh(osc(220), 2), softclip: softclip(osc(220), 2), fold: fold(osc(220), 2),
  crush: crush(osc(220), 4, 8000), hold: hold(osc(220), 1000), compressor: compressor(osc(220)), limiter: limiter(osc(220)),
  decay: decay(osc(220), 8), adsr: adsr(osc(220), 0.01, 0.1, 0.5, 0.2), clock: clock(120), trigger: trigger(osc(220)),
  seq: seq([1, 2], osc(220)), sampleHold: sampleHold(osc(220), osc(3)), pluck: pluck(220)
}`;
// Not kernels by design: combinators of other helpers, and a closure helper.
const NOT_KERNELS = ['pipe', 'compose', 'parallel', 'bell'];

describe('the worklet bundle as shipped', () => {
  it('has every helper of its installed packages written into compiled loops, in the worklet scope', async () => {
    const got = await browser.page.evaluate(
      (probes) => (window as unknown as { aither: { probe(p: string): Promise<{ names: string[]; reports: Array<[string, string | null]> }> } }).aither.probe(probes),
      PROBES,
    );
    const probed = got.reports.map(([name]) => name);
    expect(got.names.filter((n) => !probed.includes(n) && !NOT_KERNELS.includes(n))).toEqual([]);
    expect(got.reports.filter(([, report]) => report !== null)).toEqual([]);
  });

  it('finds Date.now the only clock of the AudioWorkletGlobalScope (what the metered processor reads, 16 bytes a reading)', async () => {
    const got = await browser.page.evaluate(
      (probes) => (window as unknown as { aither: { probe(p: string): Promise<{ clocks: { performance: string; dateNow: string } }> } }).aither.probe(probes),
      'osc(1)',
    );
    // If Chromium adds performance.now to the scope (a fast API call that returns a double without
    // allocating on the main thread), the processor should read it and meter without allocating.
    expect(got.clocks).toEqual({ performance: 'undefined', dateNow: 'function' });
  });
});
