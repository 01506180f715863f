import { describe, expect, it, vi } from 'vitest';
import { claimStateBlock, defineHelper } from './binding.js';
import { kernel, type KernelStep } from './kernel.js';
import { createRuntime } from './runtime.js';
import { ramp } from './test-support.js';

const make = () => createRuntime({ sampleRate: 48000, channels: 1, helperPoolSize: 4096 });

const bellStep: KernelStep = (m, o, s, x, cutoff, q) => x * cutoff * q;

describe("a helper author's mistakes are named where they are made", () => {
  it('a string where a number or a signal is expected: refused when the helper is built, naming helper and input', () => {
    const bell = (x: unknown, cutoff: unknown, q: unknown) => kernel('bell', 1, [x, cutoff, q] as never, bellStep);
    expect(() => bell(0.5, 'c4', 2)).toThrow(new TypeError("bell(): its input 'cutoff' must be a number or a signal (s => number), got the string 'c4'"));
    expect(() => bell(0.5, 440, [1, 2])).toThrow(new TypeError("bell(): its input 'q' must be a number or a signal (s => number), got an array"));
  });

  it('a string input in session code fails the evaluation at its line, and nothing changes', () => {
    const rt = make();
    rt.install({ bell: (x: unknown, cutoff: unknown, q: unknown) => kernel('bell', 1, [x, cutoff, q] as never, bellStep), ramp });
    rt.evaluate("play('a', ramp(5))");
    const before = rt.stats();
    expect(() => rt.evaluate("play('a', ramp(5));\nplay('b', bell(ramp(1), '440', 1))")).toThrow(
      "Session error at line 2, column 11: TypeError: bell(): its input 'cutoff' must be a number or a signal (s => number), got the string '440'. Nothing was changed.",
    );
    expect(rt.stats()).toEqual(before);
    expect(rt.list()).toEqual(['a']);
  });

  it('an input the step does not name is given by position', () => {
    const rest: KernelStep = (...args) => args[3]!;
    expect(() => kernel('rest', 1, [1, 'x'] as never, rest)).toThrow("rest(): its input 'input 2' must be a number or a signal");
  });

  it('names what was given instead: null, undefined, a boolean, an object', () => {
    const gain = (x: unknown) => kernel('gain', 1, [x] as never, bellStep);
    const message = (got: string) => new TypeError(`gain(): its input 'x' must be a number or a signal (s => number), got ${got}`);
    expect(() => gain(null)).toThrow(message('null'));
    expect(() => gain(undefined)).toThrow(message('undefined'));
    expect(() => gain(true)).toThrow(message('a boolean'));
    expect(() => gain({ hz: 440 })).toThrow(message('an object'));
  });

  it("reads an input's name from a function step, a default value and a parameter list over several lines", () => {
    function sweep(m: Float64Array, o: number, s: unknown, x: number, cutoff = 440) {
      return x * cutoff;
    }
    expect(() => kernel('sweep', 1, [1, 'c4'] as never, sweep as KernelStep)).toThrow("sweep(): its input 'cutoff' must be");
    // Sources written out, so that formatting cannot change them.
    const lines = new Function('m, o, s,\n  x,\n  depth =\n    0.5', 'return x * depth;') as KernelStep;
    expect(() => kernel('lines', 1, [1, 'x'] as never, lines)).toThrow("lines(): its input 'depth' must be");
  });

  it('an input the step does not name as a plain identifier is given by position', () => {
    const message = (helper: string, k: number) => `${helper}(): its input 'input ${k}' must be a number or a signal`;
    // An arrow with one bare parameter: no parameter list to read.
    const bare = new Function('return m => m[0]')() as KernelStep;
    expect(() => kernel('bare', 1, ['x'] as never, bare)).toThrow(message('bare', 1));
    const rest = new Function('m, o, s, x, ...more', 'return x;') as KernelStep;
    expect(() => kernel('rest', 1, [1, 'x'] as never, rest)).toThrow(message('rest', 2));
    const destructured = new Function('m, o, s, x, {a,b}', 'return x;') as KernelStep;
    expect(() => kernel('parts', 1, [1, 2, 'x'] as never, destructured)).toThrow(message('parts', 3));
  });

  it('installing a name that shadows an installed helper warns, in the next evaluation', () => {
    const rt = make();
    expect(rt.install({ ramp })).toEqual([]);
    expect(rt.install({ ramp })).toEqual([]); // the same value again replaces nothing
    const other = (rate: number) => ramp(rate * 2);
    const warning = "install: 'ramp' shadows the 'ramp' installed before it; sessions now get the new one";
    expect(rt.install({ ramp: other, fresh: ramp })).toEqual([warning]);
    expect(rt.evaluate("play('a', ramp(5))").warnings).toEqual([warning]);
    expect(rt.evaluate("play('a', ramp(5))").warnings).toEqual([]);
    expect(rt.installed().get('ramp')).toBe(other);
  });

  it('a helper built by a second copy of core is named as such, not as a claim outside a bind hook', async () => {
    const rt = make();
    vi.resetModules();
    const twin = (await import('./binding.js')) as typeof import('./binding.js');
    expect(twin.defineHelper).not.toBe(defineHelper);
    const here = new URL('./copies.ts', import.meta.url).href;
    const h = twin.defineHelper('twin', 1);
    expect(() => rt.register('a', (s) => h.begin(s))).toThrow(
      `two copies of @aither/core are loaded: ${here} and ${here}; a helper package must depend on core as a peer ` +
        '("peerDependencies"), so that its helpers and the engine share one copy. Nothing was changed.',
    );
    expect(rt.list()).toEqual([]);
    expect(rt.stats().helperBlocks).toBe(0);
    // Outside any bind, the engine's own copy still says what it always said.
    expect(() => claimStateBlock({} as never, 'own', 1)).toThrow("claimStateBlock('own') can only be called from a bind hook, while a signal is registered");
  });
});
