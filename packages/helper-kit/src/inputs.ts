import { kernel, mapKernel, type KernelStep, type Param, type Signal } from '@aither/core';

/** The fixtures' test signals, installed under these names in every runtime the suite makes. */
export const TEST_SIGNALS = { testInput, testModulation, testSlow, testGain };

/**
 * The fixtures' `x`: a 0.4-amplitude sine at 330 Hz on channel 0 and 470 Hz
 * on channel 1 (`right` Hz, for a test that changes only channel 1), so that
 * a channel reading another's state shows. A kernel, so a chain over it
 * compiles into one loop.
 */
export function testInput(right: Param = 470): Signal {
  return kernel('testInput', 1, [right], inputStep);
}

const inputStep: KernelStep = (m, o, s, right) => {
  const p = m[o]!;
  const next = p + (s.ch === 0 ? 330 : right) * s.dt;
  m[o] = next - Math.floor(next);
  return 0.4 * Math.sin(2 * Math.PI * p);
};

/** The fixtures' `mod`: 800 ± 300 at 3 Hz (a cutoff in Hz, say), the same on every channel. */
export function testModulation(): Signal {
  return kernel('testModulation', 1, [], modulationStep);
}

const modulationStep: KernelStep = (m, o, s) => {
  const p = m[o]!;
  const next = p + 3 * s.dt;
  m[o] = next - Math.floor(next);
  return 800 + 300 * Math.sin(2 * Math.PI * p);
};

/**
 * The fixtures' `slow`: ±0.5 at 0.1 Hz, rising from 0, so it first turns
 * negative 5 s in: long after the loop was optimised, which is when a branch
 * only negative values take (a phase wrap) first runs.
 */
export function testSlow(): Signal {
  return kernel('testSlow', 1, [], slowStep);
}

const slowStep: KernelStep = (m, o, s) => {
  const p = m[o]!;
  const next = p + 0.1 * s.dt;
  m[o] = next - Math.floor(next);
  return 0.5 * Math.sin(2 * Math.PI * p);
};

/** `input × amount`: the suite wraps a fixture in it to tell changed code from unchanged. */
export function testGain(input: Param, amount: Param): Signal {
  return mapKernel('testGain', [input, amount], gainStep);
}

const gainStep: KernelStep = (m, o, s, v, g) => v * g;

/** Session code that defines `x`, `mod` and `slow` for a fixture's code (`x`'s channel 1 at `right` Hz). */
export function preludeOf(right = 470): string {
  return `const x = testInput(${right}); const mod = testModulation(); const slow = testSlow();`;
}

/** {@link preludeOf} as the suite uses it. */
export const PRELUDE = preludeOf();
