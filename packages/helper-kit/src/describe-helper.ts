import { inlineReport, type Runtime } from '@aither/core';
import { describe, expect, it } from 'vitest';
import { type HelperFixture, type HelperTable, usesOf } from './fixture.js';
import { gcEvents } from './gc.js';
import { slowModulationGcs } from './slow.js';
import { channel, firstDifference, helperMemory, loopOf, render } from './render.js';
import { type ConformanceOptions, closureSessionOf, runtimeFor, sessionOf, signalOf } from './session.js';
import { renderWarming } from './tiered.js';

/** GC events tolerated over 10 s of one helper: the observer's own bookkeeping, a late tier-up of the JIT on a loaded machine. */
const GC_TOLERANCE = 2;

/**
 * The conformance suite for one helper: for its fixture's code, its modulated
 * code and each variant, checks that the helper
 * - is written into its signal's loop (`inlineReport` is null, one compiled loop),
 * - renders the same samples, and leaves the same helper memory, as the same
 *   signal through its closures, to the bit, mono and stereo, in odd block sizes,
 * - keeps its compiled loop over a reload of identical code (and not of changed code),
 * - continues bit-identically across a reload of identical code, at 44.1 and 48 kHz,
 * - keeps independent state per channel (channel 0 is unchanged when only channel 1's
 *   input changes, and is the mono rendering unless the helper `widens`),
 * - allocates nothing: at most 2 GC events over 10 s of stereo audio (fails when
 *   `gc` is not exposed: run vitest with `--expose-gc`),
 * and, for `fixture.slow`, no GC at all over 60 s in three fresh runtimes.
 * A fixture with `closure` is checked for all but the first three.
 *
 * @param name - the helper's exported name (the suite's title).
 * @param fixture - how to use it (see {@link HelperFixture}).
 * @param options - the helper scopes to install (see {@link ConformanceOptions}).
 * @example
 * ```ts
 * import * as mine from './index.js';
 * describeHelper('ring', { code: 'ring(x, 30)', modulated: 'ring(x, mod)' }, { install: [mine] });
 * ```
 */
export function describeHelper(name: string, fixture: HelperFixture, options: ConformanceOptions): void {
  describe(name, () => {
    for (const [label, code] of usesOf(fixture)) {
      describe(label ? `${label}: ${code}` : code, () => {
        if (fixture.closure === undefined) kernelChecks(code, options);
        else closureChecks(code, fixture.closure, options);
        everyHelperChecks(code, fixture.widens === true, fixture.allocates, options);
      });
    }
    if (fixture.slow !== undefined) slowCheck(fixture.slow, options);
  });
}

/**
 * {@link describeHelper} for every row of `table`, after a test that every
 * function `module` exports has a row, and every row names an export.
 *
 * @param module - the package's module as hosts install it (`import * as mine from './index.js'`).
 * @param table - its cases, by exported name.
 * @param options - the scopes to install; `module` is added first when not given.
 * @example
 * ```ts
 * import * as mine from './index.js';
 * import { CASES } from './cases.js';
 * describeHelpers(mine, CASES);
 * ```
 */
export function describeHelpers(module: Readonly<Record<string, unknown>>, table: HelperTable, options: Partial<ConformanceOptions> = {}): void {
  const install = options.install ?? [module];
  const full: ConformanceOptions = { ...options, install: install.includes(module) ? install : [module, ...install] };
  it('has a case for every exported helper, and no case for a name it does not export', () => {
    const exported = Object.keys(module).filter((k) => typeof module[k] === 'function');
    expect(exported.filter((n) => !(n in table))).toEqual([]);
    expect(Object.keys(table).filter((n) => !exported.includes(n))).toEqual([]);
  });
  for (const [name, fixture] of Object.entries(table)) describeHelper(name, fixture, full);
}

function kernelChecks(code: string, options: ConformanceOptions): void {
  it("is written into its signal's loop", () => {
    expect(inlineReport(signalOf(code, options))).toBeNull();
    const rt = runtimeFor(options);
    rt.evaluate(sessionOf(code, 2));
    expect(rt.stats().compiledSignals).toBe(1);
  });

  for (const channels of [1, 2]) {
    it(`renders the same samples and memory as through its closure (${channels === 1 ? 'mono' : 'stereo'})`, () => {
      const [compiled, closures] = both(code, channels, options);
      expect(compiled.stats().compiledSignals).toBe(1);
      expect(closures.stats().compiledSignals).toBe(0);
      // Samples alone, without a function of the session's own (no stamps, no rings):
      const alone = runtimeFor(options);
      alone.evaluate(sessionOf(code, channels));
      expect(firstDifference(render(alone, 13000, 97), render(both(code, channels, options)[1], 13000, 97))).toBe(-1);
      // Odd block sizes: blocks start anywhere in the ring, and prepares run at every block start.
      const [a, b] = [render(compiled, 13000, 97), render(closures, 13000, 97)];
      expect(firstDifference(a, b)).toBe(-1);
      expect(a.some((v) => v !== 0)).toBe(true);
      expect(firstDifference(helperMemory(compiled), helperMemory(closures))).toBe(-1);
      expect(compiled.drainErrors()).toEqual([]);
      expect(closures.drainErrors()).toEqual([]);
    });
  }

  // V8 has optimised the loop: a fresh one for unchanged code would start cold,
  // which needs steps that capture nothing of their instance.
  it('keeps its compiled loop over a reload of identical code, and gets a new one for changed code', () => {
    const rt = runtimeFor(options);
    const session = (g: number) => sessionOf(`testGain(${code}, ${g})`, 2);
    rt.evaluate(session(0.5));
    const before = loopOf(rt);
    rt.evaluate(session(0.5));
    expect(loopOf(rt)).toBe(before);
    rt.evaluate(session(0.6));
    expect(loopOf(rt)).not.toBe(before);
    expect(rt.drainErrors()).toEqual([]);
  });
}

function closureChecks(code: string, reason: string, options: ConformanceOptions): void {
  it(`is a closure by design (${reason}): called, not written into the loop`, () => {
    expect(inlineReport(signalOf(code, options))).toMatch(/^not a kernel/);
  });
}

function everyHelperChecks(code: string, widens: boolean, allocates: string | undefined, options: ConformanceOptions): void {
  for (const sampleRate of [44100, 48000]) {
    it(`continues bit-identically across a reload of identical code (${sampleRate} Hz)`, () => {
      const reloaded = runtimeFor(options, sampleRate, 2);
      reloaded.evaluate(sessionOf(code, 2));
      const first = render(reloaded, 6000);
      reloaded.evaluate(sessionOf(code, 2));
      const second = render(reloaded, 6000);
      const straight = runtimeFor(options, sampleRate, 2);
      straight.evaluate(sessionOf(code, 2));
      const reference = render(straight, 12000);
      expect(first.some((v) => v !== 0)).toBe(true);
      expect(firstDifference(first, reference.subarray(0, first.length))).toBe(-1);
      expect(firstDifference(second, reference.subarray(first.length))).toBe(-1);
      expect(reloaded.drainErrors()).toEqual([]);
    });
  }

  for (const channels of [1, 2]) {
    // A live host's runtime plays a new loop on its closures first and swaps the loop in between
    // two blocks once it is warm: which block depends on the machine, so no block may tell.
    it(`plays the same samples tiered, its loop swapped in at any block, across an edit (${channels === 1 ? 'mono' : 'stereo'})`, () => {
      const session = (g: number) => sessionOf(`testGain(${code}, ${g})`, channels);
      for (const seed of [1, 7, 1234]) {
        const straight = runtimeFor(options, 48000, 2);
        const tiered = runtimeFor(options, 48000, 2, true);
        straight.evaluate(session(0.5));
        tiered.evaluate(session(0.5));
        const kernelled = straight.stats().compiledSignals === 1;
        // A loop made of kernels waits on its closures; a closure helper has no loop to wait for.
        expect(tiered.stats().warming).toBe(kernelled ? 1 : 0);
        const edit = (rt: Runtime) => ({ at: 60, run: () => rt.evaluate(session(0.6)) });
        const reference = renderWarming(straight, 13000, 97, seed, 0, edit(straight));
        const played = renderWarming(tiered, 13000, 97, seed, 4, edit(tiered));
        expect(reference.some((v) => v !== 0)).toBe(true);
        expect(firstDifference(played, reference)).toBe(-1);
        expect(tiered.drainErrors()).toEqual(straight.drainErrors());
        // Every loop went live: the comparison covered the swap, not closures alone.
        expect(tiered.stats()).toMatchObject({ warming: 0, compiledSignals: straight.stats().compiledSignals, writtenIn: straight.stats().writtenIn });
      }
    });
  }

  it('keeps independent state per channel: channel 0 does not change when only channel 1 does', () => {
    const render0 = (right: number) => {
      const rt = runtimeFor(options, 48000, 2);
      rt.evaluate(sessionOf(code, 2, right));
      const out = render(rt, 6000);
      expect(rt.drainErrors()).toEqual([]);
      return out;
    };
    const [a, b] = [render0(470), render0(590)];
    expect(firstDifference(channel(a, 2, 0), channel(b, 2, 0))).toBe(-1);
    if (/\bx\b/.test(code)) expect(firstDifference(channel(a, 2, 1), channel(b, 2, 1))).not.toBe(-1);
  });

  if (!widens) {
    it('keeps independent state per channel: channel 0 of stereo is the mono rendering', () => {
      const stereo = runtimeFor(options, 48000, 2);
      stereo.evaluate(sessionOf(code, 2));
      const both = render(stereo, 6000);
      const mono = runtimeFor(options, 48000, 1);
      mono.evaluate(sessionOf(code, 1));
      expect(firstDifference(channel(both, 2, 0), render(mono, 6000))).toBe(-1);
      expect(stereo.drainErrors()).toEqual([]);
      expect(mono.drainErrors()).toEqual([]);
    });
  }

  // A step too big for V8 to inline returns its sample boxed: an allocation per
  // sample, five or more minor GCs in 10 s of audio.
  if (allocates !== undefined) {
    it.todo(`allocates nothing per sample (known to allocate: ${allocates})`);
    return;
  }
  it(`allocates nothing per sample: at most ${GC_TOLERANCE} GC events over 10 s of stereo audio`, async () => {
    const rt = runtimeFor(options, 48000, 2);
    rt.evaluate(sessionOf(code, 2));
    expect(await gcEvents(rt, 3, 10)).toBeLessThanOrEqual(GC_TOLERANCE);
    expect(rt.drainErrors()).toEqual([]);
  }, 60_000);
}

function slowCheck(code: string, options: ConformanceOptions): void {
  it(`renders 60 s under slow modulation with no GC at all, in three fresh runtimes: ${code}`, async () => {
    expect(await slowModulationGcs(code, options)).toEqual([0, 0, 0]);
  }, 180_000);
}

/**
 * The signal compiled, and the same signal behind a function of the session's
 * own (every kernel then runs through its closure). A silent function of the
 * session's own in both makes the compiled loop keep stamps and output rings as
 * closures do, so the whole helper memory can be compared.
 */
function both(code: string, channels: number, options: ConformanceOptions): [Runtime, Runtime] {
  const quiet = `\nregister('q', (s) => 0);`;
  const compiled = runtimeFor(options);
  compiled.evaluate(sessionOf(code, channels) + quiet);
  const closures = runtimeFor(options);
  closures.evaluate(closureSessionOf(code, channels) + quiet);
  return [compiled, closures];
}
