import { describe, expect, it } from 'vitest';
import { inlineReport } from './compile.js';
import { HEADER } from './binding.js';
import { parseKernelFunction } from './compile/parse.js';
import { kernel, mapKernel, type KernelPrepare, type KernelStep } from './kernel.js';
import { createRuntime } from './runtime.js';
import { renderFrames } from './test-support.js';
import type { Param, Signal, SignalContext } from './types.js';

const SR = 44100;
const make = () => {
  const rt = createRuntime({ sampleRate: SR, channels: 1, helperPoolSize: 1 << 14, fadeSeconds: 0 });
  rt.install({ counter, wrapped, boomAt, modulated, lfo });
  return rt;
};
/**
 * A chain compiled, and the same chain behind a function of the session's own
 * (every kernel through its closure). A silent function of the session's own in
 * both makes the compiled loop keep stamps and output rings as closures do, so
 * the whole memory compares.
 */
function bothWays(chain: () => Signal): [ReturnType<typeof make>, ReturnType<typeof make>] {
  const compiled = make();
  compiled.register('x', chain());
  compiled.register('q', () => 0);
  const closures = make();
  const c = chain();
  closures.register('x', (s) => c(s));
  closures.register('q', () => 0);
  return [compiled, closures];
}

/** The helper memory of a runtime. */
const memory = (rt: ReturnType<typeof make>) => rt.debug().helperPool.memory;

// Kernels defined once at module level, as a helper package would.

/** Branches and early returns; two slots; reads s.dt. */
const counterStep: KernelStep = (m, o, s, x) => {
  const n = m[o]! + 1;
  m[o] = n;
  if (n % 3 === 0) {
    m[o + 1] = m[o + 1]! + x * s.dt;
    return m[o + 1]!;
  }
  if (x < 0) return -n;
  return n * 0.001;
};
const counter = (x: Param): Signal => kernel('counter', 2, [x], counterStep);

/** Uses a module function under a name a bundler gave it (`wrap2`), listed as `{ wrap }`. */
function wrap2(v: number): number {
  return v - Math.floor(v);
}
const wrappedStep: KernelStep = (m, o, s, rate) => {
  const p = m[o]!;
  m[o] = wrap2(p + rate * s.dt);
  return p;
};
const wrapped = (rate: Param): Signal => kernel('wrapped', 1, [rate], wrappedStep, { uses: { wrap: wrap2 } });
const lfo = (rate: Param): Signal => wrapped(rate);

/** Module functions a step calls (see the statement-call test). */
const SCALE = 0.5;
function edge(t: number, dt: number): number {
  const x = t / (dt + 1);
  if (t < dt) return x * SCALE;
  return -0;
}
function bump(m: Float64Array, o: number, x: number): void {
  const t = m[o + 1]! + x;
  m[o + 1] = t;
  m[o + 2] = t * SCALE;
}

/** Latches `x` into slot 1 and counts the latches in slot 2, while `x` is above 0.5 (see the `registers` test). */
function latch(m: Float64Array, o: number, x: number): void {
  if (x > 0.5) {
    m[o + 1] = x;
    m[o + 2] = m[o + 2]! + 1;
  }
}

/** Throws from a module function at frame `LIMIT` of its own count; its state must still be stored. */
function check(n: number): number {
  if (n === 100) throw new Error('boom at 100');
  return n;
}
const boomStep: KernelStep = (m, o) => {
  const n = m[o]! + 1;
  m[o] = n;
  return check(n) * 1e-4;
};
const boomAt = (): Signal => kernel('boomAt', 1, [], boomStep, { uses: { check } });

/** A prepare that hands `m` to a function (the compiler writes promoted slots back around it). */
function coefficient(m: Float64Array, o: number, fc: number): void {
  m[o + 1] = fc;
  m[o + 2] = fc * 0.001;
}
const modulatedPrepare: KernelPrepare = (m, o, s, x, fc) => {
  if (fc !== m[o + 1]) coefficient(m, o, fc);
};
const modulatedStep: KernelStep = (m, o, s, x) => {
  const y = m[o]! + m[o + 2]! * (x - m[o]!);
  m[o] = y;
  return y;
};
const modulated = (x: Param, fc: Param): Signal => kernel('modulated', 3, [x, fc], modulatedStep, { prepare: modulatedPrepare, uses: { coefficient } });

describe('reading kernel functions', () => {
  it('finds literal slots, inputs read, free names, early returns', () => {
    const p = parseKernelFunction(counterStep);
    if (typeof p === 'string') throw new Error(p);
    expect([...p.slots].sort()).toEqual([0, 1]);
    expect([...p.reads]).toEqual([3]);
    expect([...p.free]).toEqual([]);
    expect({ dynamic: p.dynamic, early: p.early, valued: p.valued, syncs: p.syncs, clock: p.clock }).toEqual({
      dynamic: false,
      early: true,
      valued: true,
      syncs: false,
      clock: false,
    });
  });

  it('sees indexing at computed offsets, calls handed the memory, the clock, and imports as bundlers write them', () => {
    const p = parseKernelFunction(((m, o, s, x) => {
      m[o + 2 + (s.frame & 7)] = x;
      return ns.tap(m, o, x);
    }) as KernelStep);
    if (typeof p === 'string') throw new Error(p);
    expect({ dynamic: p.dynamic, syncs: p.syncs, clock: p.clock, free: [...p.free] }).toEqual({ dynamic: true, syncs: true, clock: true, free: ['ns.tap'] });
  });

  it('refuses what cannot be written into a loop, saying why in the words of its author', () => {
    expect(parseKernelFunction(((m, o) => [m[o]].length) as KernelStep)).toBe(
      'builds an array (allocates every frame): keep the values in its state slots, or a constant table in `uses`',
    );
    expect(parseKernelFunction(((m, o) => [1, 2].map((v) => v + m[o]!)[0]!) as KernelStep)).toMatch(/^(builds an array|defines a function)/);
    expect(parseKernelFunction(((m, o) => ({ y: m[o]! }).y) as KernelStep)).toBe(
      'builds an object (allocates every frame): keep the values in its state slots, or a constant object in `uses`',
    );
    expect(parseKernelFunction(((m, o, s, x) => Math.max(...[x, m[o]!])) as KernelStep)).toMatch(/^(spreads values|builds an array)/);
    expect(
      parseKernelFunction(function (this: unknown) {
        return this === undefined ? 0 : 1;
      } as unknown as KernelStep),
    ).toBe('reads `this`, which a step does not have: give the value as an input, or as a constant in `uses`');
    expect(parseKernelFunction(((m: Float64Array, o: number, ...rest: number[]) => rest.length) as unknown as KernelStep)).toBe(
      'has parameters that are not plain names (a default, destructuring or `...rest`): name them `(m, o, s, a, b, ...)`',
    );
    expect(parseKernelFunction(Math.sin as unknown as KernelStep)).toMatch(/^(is not a function expression the compiler can read|cannot be read as source)/);
  });
});

declare const ns: { tap: (m: Float64Array, o: number, x: number) => number };

describe('kernels written into loops', () => {
  it('explain which kernels are called instead, and why', () => {
    const unlisted: KernelStep = (m, o, s, x) => wrap2(x);
    expect(inlineReport(kernel('unlisted', 1, [0], unlisted))).toBe(
      "unlisted: its step reads wrap2 from its module, not given in `uses`: add `uses: { wrap2 }` to the kernel's options",
    );
    const table = [0.5, 0.25];
    expect(inlineReport(mapKernel('tabled', [0], (m, o, s, x) => x * table.length))).toBe(
      "tabled: its step reads table.length from its module, not given in `uses`: add `uses: { table }` to the kernel's options",
    );
    expect(inlineReport(wrapped(3))).toBeNull(); // listed as { wrap }: found by the function's own name
    expect(inlineReport(mapKernel('twice', [0], (m, o, s, x) => 2 * x))).toBeNull();
    expect(inlineReport(mapKernel('boxed', [0], (m, o, s, x) => [x][0]!))).toBe(
      'boxed: its step builds an array (allocates every frame): keep the values in its state slots, or a constant table in `uses`',
    );
    const halting = ((m: Float64Array, o: number, s: SignalContext, x: number) => {
      if (x > 0) return x;
      return;
    }) as unknown as KernelStep;
    expect(inlineReport(mapKernel('halting', [0], halting))).toBe('halting: its step does not return a value on every path: end each one with `return` and the sample');
    expect(
      inlineReport(
        kernel('closing', 1, [0], (m, o, s, x) => x, {
          prepare: (m, o) => {
            m[o] = [1, 2].length;
          },
        }),
      ),
    ).toBe('closing: its prepare builds an array (allocates every frame): keep the values in its state slots, or a constant table in `uses`');
    expect(inlineReport((s) => s.t)).toBe(
      'not a kernel (a function of its own, such as `s => ...`): it is called every frame as it is; build it with `kernel` or `mapKernel` to have it written into the loop',
    );
    make().register('strays', () => 0); // binds the helpers made above, which no signal holds, so the next tests start clean
  });

  it('say when a step calls a signal, whether captured or given in `uses`, and name it', () => {
    const lfo = wrapped(3);
    const captured = mapKernel('tremble', [0.5], (m, o, s, x) => x * lfo(s));
    const message = (helper: string, call: string) =>
      `${helper}: its step calls the signal \`${call}(s)\`: a step must not call signals (each would be computed through its closure, outside the loop); give it to the kernel as an input instead, and read its value as a parameter`;
    expect(inlineReport(captured)).toBe(message('tremble', 'lfo'));
    expect(inlineReport(mapKernel('tremble', [0.5], (m, o, s, x) => x * lfo(s), { uses: { lfo } }))).toBe(message('tremble', 'lfo'));
    // A module function handed the context is not a signal: the step is written in.
    const level = (s: SignalContext) => s.sr * 0;
    expect(inlineReport(mapKernel('levelled', [0.5], (m, o, s, x) => x + level(s), { uses: { level } }))).toBeNull();
    make().register('strays', () => 0); // binds the helpers made above, which no signal holds, so the next tests start clean
  });

  it('are counted as written into one loop only when no step of theirs is called', () => {
    const rt = make();
    const unlisted = (x: Param) => kernel('unlisted', 1, [x], (m, o, s, v) => wrap2(v) + 0 * m[o]!);
    rt.register('whole', wrapped(3));
    expect(rt.stats()).toMatchObject({ signals: 1, compiledSignals: 1, writtenIn: 1 });
    rt.register('calling', unlisted(wrapped(5))); // compiled, but its step is called from the loop
    expect(rt.stats()).toMatchObject({ signals: 2, compiledSignals: 2, writtenIn: 1 });
    rt.register('own', (s) => s.t); // a function of its own: neither
    expect(rt.stats()).toMatchObject({ signals: 3, compiledSignals: 2, writtenIn: 1 });
    rt.register('calling', modulated(wrapped(5), 800)); // replaced by one written in whole
    expect(rt.stats()).toMatchObject({ signals: 3, compiledSignals: 2, writtenIn: 2 });
  });

  it('give the samples and state of their closures, to the bit (branches, early returns, s.dt at 44.1 kHz, module functions)', () => {
    const [compiled, closures] = bothWays(() => modulated(counter(wrapped(wrapped(0.5))), counter(wrapped(3))));
    expect(compiled.stats().compiledSignals).toBe(1);
    expect(renderFrames(compiled, 3000, 100)).toEqual(renderFrames(closures, 3000, 100));
    expect(memory(compiled)).toEqual(memory(closures));
  });

  it("write in a module function called as a whole statement, its names kept apart from the step's, exactly as its closure computes", () => {
    // `x` and `t` in both the step and the functions it calls; a function handed the memory;
    // a call inside an expression (left a call); constants the callee reads given by `uses`.
    const step: KernelStep = (m, o, s, f) => {
      const t = m[o]!;
      const x = edge(t, f * s.dt);
      bump(m, o, x);
      return t + x + 0 * edge(t, 1);
    };
    const chain = () => kernel('edges', 3, [wrapped(50)], step, { uses: { edge, bump, SCALE } });
    const [compiled, closures] = bothWays(chain);
    expect(inlineReport(chain())).toBeNull();
    expect(renderFrames(compiled, 4000, 77)).toEqual(renderFrames(closures, 4000, 77));
    expect(memory(compiled)).toEqual(memory(closures));
    make().register('strays', () => 0);
  });

  it('keep in memory the slots at and above `registers` of a step that hands its memory to a function, which may write them', () => {
    // Every slot of these steps is at a literal offset, so all of them could live in locals; but
    // `registers: 1` says only slot 0 is touched by literal alone: `latch` writes slots 1 and 2,
    // written in (a statement) or called (inside an expression), and the step reads them after.
    const written: KernelStep = (m, o, s, x) => {
      const n = m[o]! + 1;
      m[o] = n;
      latch(m, o, x);
      return m[o + 1]! + m[o + 2]! * 1e-3 + n * 1e-6;
    };
    const called: KernelStep = (m, o, s, x) => {
      const n = m[o]! + 1;
      m[o] = n;
      void latch(m, o, x);
      return m[o + 1]! + m[o + 2]! * 1e-3 + n * 1e-6;
    };
    for (const step of [written, called]) {
      const chain = () => kernel('latched', 3, [wrapped(50)], step, { uses: { latch }, registers: 1 });
      const [compiled, closures] = bothWays(chain);
      expect(inlineReport(chain())).toBeNull();
      const [a, b] = [renderFrames(compiled, 4000, 77), renderFrames(closures, 4000, 77)];
      expect(a.some((v) => v > 0.5)).toBe(true);
      expect(a).toEqual(b);
      expect(memory(compiled)).toEqual(memory(closures));
      make().register('strays', () => 0);
    }
  });

  it('report a throw at the frame it happened, with the state written back, when nothing stores s.frame per frame', () => {
    const rt = make();
    rt.evaluate(`play('boom', boomAt()); play('calm', lfo(1));`);
    const out = renderFrames(rt, 300, 128);
    const errors = rt.drainErrors();
    expect(errors).toEqual([expect.objectContaining({ signal: 'boom', kind: 'threw', frame: 99 })]);
    expect(errors[0]!.message).toContain(`Signal 'boom' threw at t=${(99 / SR).toFixed(3)}s: boom at 100`);
    // Its count reached 100 in memory: the locals were stored before the throw left the loop.
    const block = rt.liveBlocks().find((b) => b.key === 'boom_boomAt_0')!;
    expect(memory(rt)[block.at + HEADER]).toBe(100);
    // The frames before the throw were heard; 'calm' (a ramp at 1 Hz) plays on.
    expect(out[98]).toBeCloseTo(99e-4 + 98 / SR, 6);
  });
});
