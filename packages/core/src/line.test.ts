import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inlineReport } from './compile.js';
import { kernel, mapKernel } from './kernel.js';
import { lineLength, tap } from './line.js';
import { createRuntime } from './runtime.js';
import { renderFrames } from './test-support.js';
import type { Param, Signal } from './types.js';

const SR = 48000;

/** The `@example` of `tap` in line.ts, run as written: it defines `echo` from `kernel`, `tap` and `lineLength`. */
function exampleEcho(): (x: Param, seconds: Param) => Signal {
  const text = readFileSync(fileURLToPath(new URL('./line.ts', import.meta.url)), 'utf8');
  const block = /@example\s*\n\s*\*\s*```ts\n([\s\S]*?)\n\s*\*\s*```/.exec(text.slice(text.indexOf('export function lineLength')))!;
  const code = block[1]!.replace(/^\s*\* ?/gm, '');
  return new Function('kernel', 'tap', 'lineLength', `${code}\nreturn echo;`)(kernel, tap, lineLength);
}

/** The example's input: a stateless kernel, so the test computes the same samples. */
const wave = (n: number) => 0.5 * Math.sin(n * 0.37);
const source = (): Signal => mapKernel('wave', [], (m, o, s) => 0.5 * Math.sin(s.frame * 0.37));

describe("tap's example, rendered", () => {
  const echo = exampleEcho();

  it('is written into its loop', () => {
    expect(inlineReport(echo(source(), 0.1))).toBeNull();
    createRuntime({ sampleRate: SR, channels: 1 }).register('strays', () => 0); // binds the probe
  });

  for (const [label, seconds, frames] of [
    ['a whole number of samples (0.01 s: 480)', 0.01, 480],
    ['7 samples, given as 7 / 48000 s (7.000000000000001 samples: the wrap rule)', 7 / SR, 7],
    ['a fraction of a sample (250.25 samples)', 250.25 / SR, 250.25],
    ['the longest delay, 0.5 s', 0.5, 24000],
  ] as const) {
    it(`adds half its input ${label} later: x[n] + 0.5·x[n − d], linearly interpolated`, () => {
      const rt = createRuntime({ sampleRate: SR, channels: 1 });
      rt.register('slap', echo(source(), seconds), { fadeSeconds: 0 });
      const y = renderFrames(rt, 30000, 97);
      expect(rt.drainErrors()).toEqual([]);
      const whole = Math.floor(frames);
      const f = frames - whole;
      const x = (n: number) => (n >= 0 ? wave(n) : 0);
      let worst = 0;
      for (let n = 0; n < y.length; n++) {
        const delayed = (1 - f) * x(n - whole) + f * x(n - whole - 1);
        worst = Math.max(worst, Math.abs(y[n]! - (wave(n) + 0.5 * delayed)));
      }
      expect(worst).toBeLessThan(1e-6); // the output is 32-bit float
    });
  }
});

describe('tap', () => {
  /** A line of `len` samples between two guards of NaN: a read outside it is NaN. */
  function guarded(len: number): { m: Float64Array; line: number } {
    const m = new Float64Array(len + 16).fill(Number.NaN);
    for (let i = 0; i < len; i++) m[8 + i] = Math.sin(i * 1.3) + 2;
    return { m, line: 8 };
  }
  // d drawn as any double in range, as a whole number written N / rate · rate (a hair above N), and as the next double above a whole number.
  const reads = fc.integer({ min: 3, max: 5000 }).chain((len) =>
    fc.record({
      len: fc.constant(len),
      w: fc.integer({ min: 0, max: len - 1 }),
      d: fc.oneof(
        fc.double({ min: 0, max: len - 2, noNaN: true }),
        fc.record({ n: fc.integer({ min: 0, max: len - 2 }), sr: fc.constantFrom(44100, 48000, 96000, 22050) }).map(({ n, sr }) => Math.min((n / sr) * sr, len - 2)),
        fc.integer({ min: 0, max: len - 3 }).map((n) => n + Number.EPSILON * Math.max(n, 1)),
      ),
    }),
  );

  it('reads only inside its line, for any length, write index and delay in 0 .. len − 2', () => {
    fc.assert(
      fc.property(reads, ({ len, w, d }) => {
        const { m, line } = guarded(len);
        expect(Number.isNaN(tap(m, line, len, w, d))).toBe(false);
      }),
      { numRuns: 3000 },
    );
  });

  it('reads a whole delay exactly, and interpolates linearly between the two samples around a fractional one', () => {
    fc.assert(
      fc.property(reads, ({ len, w, d }) => {
        const { m, line } = guarded(len);
        const at = (k: number) => m[line + (((k % len) + len) % len)]!;
        const whole = Math.floor(d);
        const f = d - whole;
        const expected = f === 0 ? at(w - whole) : (1 - f) * at(w - whole) + f * at(w - whole - 1);
        expect(Math.abs(tap(m, line, len, w, d) - expected)).toBeLessThan(1e-9);
        if (f === 0) expect(tap(m, line, len, w, d)).toBe(at(w - whole));
      }),
      { numRuns: 3000 },
    );
  });

  it('sizes a line for the full delay and the sample beside it', () => {
    expect([lineLength(0, SR), lineLength(0.5, SR), lineLength(1 / 20, 44100), lineLength(7 / SR, SR)]).toEqual([2, 24002, 2207, 10]);
  });
});
