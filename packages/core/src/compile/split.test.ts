// A signal too big for one loop is split into loops run one after the other
// over each block (split.ts). Differential: the same session rendered split,
// as the single loop (the limit lifted) and through closures must agree to
// the bit, in samples and in the whole helper memory, and report the same
// faults at the same frames.
import { afterEach, describe, expect, it } from 'vitest';
import type { Compiled } from '../compile.js';
import { kernel, mapKernel, type KernelPrepare, type KernelStep } from '../kernel.js';
import { createRuntime, type Runtime } from '../runtime.js';
import { renderFrames } from '../test-support.js';
import type { Param, Signal } from '../types.js';
import { LOOP_LIMIT } from './split.js';

const SR = 48000;
const LIMIT = LOOP_LIMIT.frameChars;
afterEach(() => {
  LOOP_LIMIT.frameChars = LIMIT;
});

// A voice's kernels, defined once at module level as a helper package would:
// a phase, a filter whose coefficient is prepared per block, a delay line
// indexed at computed offsets, a tremolo that reads the clock, and sums.

const phaseStep: KernelStep = (m, o, s, hz) => {
  const p = m[o]!;
  const next = p + hz * s.dt;
  m[o] = next - Math.floor(next);
  return 2 * p - 1;
};
const phase = (hz: Param): Signal => kernel('phase', 1, [hz], phaseStep);

const lowPrepare: KernelPrepare = (m, o, s, x, fc) => {
  if (fc !== m[o + 1]) {
    m[o + 1] = fc;
    m[o + 2] = 1 - Math.exp((-2 * Math.PI * fc) / s.sr);
  }
};
const lowStep: KernelStep = (m, o, s, x) => {
  const y = m[o]! + m[o + 2]! * (x - m[o]!);
  m[o] = y;
  return y;
};
const low = (x: Param, fc: Param): Signal => kernel('low', 3, [x, fc], lowStep, { prepare: lowPrepare });

const LINE = 37;
const echoStep: KernelStep = (m, o, s, x) => {
  const w = m[o]!;
  const back = m[o + 1 + ((w + 1) % LINE)]!;
  m[o + 1 + w] = x;
  m[o] = (w + 1) % LINE;
  return x + 0.5 * back;
};
const echo = (x: Param): Signal => kernel('echo', 1 + LINE, [x], echoStep, { uses: { LINE }, registers: 1 });

const tremStep: KernelStep = (m, o, s, x, rate) => x * (0.6 + 0.4 * Math.sin(2 * Math.PI * rate * s.t));
const trem = (x: Param, rate: Param): Signal => mapKernel('trem', [x, rate], tremStep);

/** Non-finite from frame `at` on. */
const bombStep: KernelStep = (m, o, s, x, at) => (s.frame >= at ? Number.NaN : x);
const bomb = (x: Param, at: number): Signal => mapKernel('bomb', [x, at], bombStep);

/** Throws at frame `at`, through a module function the loop calls. */
function check(frame: number, at: number): void {
  if (frame === at) throw new Error(`boom at ${frame}`);
}
const throwStep: KernelStep = (m, o, s, x, at) => {
  check(s.frame, at);
  return x;
};
const thrower = (x: Param, at: number): Signal => mapKernel('thrower', [x, at], throwStep, { uses: { check } });

const SUMS: KernelStep[] = [
  () => 0,
  (m, o, s, a) => a,
  (m, o, s, a, b) => a + b,
  (m, o, s, a, b, c) => a + b + c,
  (m, o, s, a, b, c, d) => a + b + c + d,
  (m, o, s, a, b, c, d, e) => a + b + c + d + e,
  (m, o, s, a, b, c, d, e, f) => a + b + c + d + e + f,
];
/** Sums as a tree of six-input sums (as the helpers' `mix`). */
function sum(inputs: readonly Param[]): Signal {
  if (inputs.length < SUMS.length) return mapKernel('sum', inputs, SUMS[inputs.length]!);
  const groups: Signal[] = [];
  for (let i = 0; i < inputs.length; i += 6) groups.push(sum(inputs.slice(i, i + 6)));
  return sum(groups);
}

const gainStep: KernelStep = (m, o, s, x, g) => x * g;
const voice = (i: number, n: number, hz = 110 + 7 * i): Signal => mapKernel('gain', [trem(echo(low(phase(hz), 400 + 13 * i)), 1 + (i % 5)), 1 / n], gainStep);
const voices = (n: number, change?: (i: number) => Signal | undefined): Signal => sum(Array.from({ length: n }, (_, i) => change?.(i) ?? voice(i, n)));

/** What each way of rendering a signal registers it as. */
type Way = 'split' | 'single' | 'closures';

/**
 * A runtime rendering `build()` one way. A silent function of the session's
 * own makes every loop keep stamps and output rings as closures do, so the
 * whole memory compares.
 */
function make(way: Way, build: () => Signal, channels = 1): Runtime {
  LOOP_LIMIT.frameChars = way === 'single' ? Infinity : LIMIT;
  const rt = createRuntime({ sampleRate: SR, channels, helperPoolSize: 1 << 18, fadeSeconds: 0.001 });
  const x = build();
  rt.register('x', way === 'closures' ? (s) => x(s) : x, { channels });
  rt.register('q', () => 0);
  LOOP_LIMIT.frameChars = LIMIT;
  return rt;
}

/** How many loops the signal `name` runs in (0 when it is not compiled, as a function of the session's own). */
function loops(rt: Runtime, name = 'x'): number {
  const r = rt.debug().mixer.list.find((x) => x.name === name) as unknown as { compiled?: Compiled; opaque: boolean };
  return r.opaque ? 0 : r.compiled!.loops;
}

/** The first index where two arrays differ, or -1 (a long array is never diffed whole). */
function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}

/**
 * Renders the three ways through `script` (each step given the runtime) and
 * expects the same samples, faults and (with `memory`) helper memory.
 */
function agree(build: () => Signal, script: (rt: Runtime) => Float32Array[], channels = 1, memory = true): Runtime[] {
  const ways: Way[] = ['split', 'single', 'closures'];
  const rts = ways.map((w) => make(w, build, channels));
  expect(rts.map((rt) => loops(rt))).toEqual([expect.any(Number), 1, 0]);
  expect(loops(rts[0]!)).toBeGreaterThan(1);
  const outs = rts.map(script);
  for (const k of [1, 2]) {
    expect(outs[k]!.length).toBe(outs[0]!.length);
    outs[0]!.forEach((o, i) => {
      expect(firstDifference(o, outs[k]![i]!), `${ways[k]}, render ${i}`).toBe(-1);
    });
    if (memory) expect(firstDifference(rts[0]!.debug().helperPool.memory, rts[k]!.debug().helperPool.memory), `${ways[k]}: memory`).toBe(-1);
  }
  const faults = rts.map((rt) => rt.drainErrors().map((f) => `${f.signal} ${f.kind} ${f.frame} ${f.message}`));
  expect(faults[1]).toEqual(faults[0]);
  expect(faults[2]).toEqual(faults[0]);
  return rts;
}

describe('a signal split into loops', () => {
  for (const n of [16, 64, 256]) {
    it(`${n} voices mixed: split, single loop and closures agree to the bit (samples and memory), through a fade-in and odd blocks`, () => {
      const [split] = agree(
        () => voices(n),
        (rt) => [renderFrames(rt, 2000, 100), renderFrames(rt, 1000, 128)],
      );
      // Split the more, the more voices: each loop stays under the limit.
      expect(loops(split!)).toBeGreaterThanOrEqual(n / 16);
    });
  }

  it('a stereo signal (both channels written out, a mono part read by both): agrees to the bit', () => {
    const stereo = (): Signal => {
      const shared = phase(3);
      const v = Array.from({ length: 40 }, (_, i) => mapKernel('gain', [voice(i, 40), shared], gainStep));
      return kernel('spread', 1, [sum(v)], (m, o, s, x) => {
        const y = x * (s.ch === 0 ? 0.7 : 0.3) + m[o]! * 0.1;
        m[o] = y;
        return y;
      });
    };
    agree(stereo, (rt) => [renderFrames(rt, 1500, 77)], 2);
  });

  it('reloaded with one voice changed mid-render: continues from the same state, as the single loop does', () => {
    agree(
      () => voices(64),
      (rt) => {
        const a = renderFrames(rt, 700, 128);
        const split = loops(rt) > 1;
        LOOP_LIMIT.frameChars = split ? LIMIT : Infinity;
        const x = voices(64, (i) => (i === 17 ? voice(i, 64, 333) : undefined));
        rt.register('x', loops(rt) === 0 ? (s) => x(s) : x);
        LOOP_LIMIT.frameChars = LIMIT;
        return [a, renderFrames(rt, 900, 128)];
      },
    );
  });

  it('stopped with a fade that ends mid-block: the same samples, and the same state left', () => {
    agree(
      () => voices(64),
      (rt) => {
        const a = renderFrames(rt, 300, 128);
        rt.stop('x', 0.001); // 48 frames: ends inside the next chunk
        return [a, renderFrames(rt, 400, 128)];
      },
    );
  });

  // Only the last loop sees the channels' values: the loops before it have run
  // to the end of the chunk when it meets a non-finite one, so their kernels'
  // state is ahead of the single loop's (the signal is faulted; docs/compiler.md).
  it('a non-finite value in one voice: the same samples before it, reported at the same frame', () => {
    agree(
      () => voices(64, (i) => (i === 40 ? bomb(voice(i, 64), 777) : undefined)),
      (rt) => [renderFrames(rt, 1200, 128)],
      1,
      false,
    );
  });

  it('a voice that throws: the same samples before it, the same error at the same frame', () => {
    agree(
      () => voices(64, (i) => (i === 5 ? thrower(voice(i, 64), 555) : i === 60 ? thrower(voice(i, 64), 900) : undefined)),
      (rt) => [renderFrames(rt, 1200, 128)],
    );
  });

  it('small chains, and signals calling functions, are never split', () => {
    const small = make('split', () => voices(4));
    expect(loops(small)).toBe(1);
    const rt = createRuntime({ sampleRate: SR, channels: 1, helperPoolSize: 1 << 18 });
    const lfo = (s: { t: number }) => Math.sin(s.t);
    rt.register('x', sum([voices(64), lfo]));
    expect(rt.debug().mixer.list[0]!.opaque).toBe(true);
    expect((rt.debug().mixer.list[0] as unknown as { compiled: Compiled }).compiled.loops).toBe(1);
  });
});
