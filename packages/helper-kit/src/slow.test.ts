import { kernel, type KernelStep, type Param, type Signal } from '@aither/core';
import { describe, expect, it } from 'vitest';
import { slowModulationGcs } from './slow.js';

// A square carrier whose phase is moved by `shift` cycles, wrapped two ways.
const trapped: KernelStep = (m, o, s, x, shift) => {
  const p = m[o]!;
  const next = p + 220 * s.dt;
  m[o] = next - Math.floor(next);
  let moved = p + shift;
  if (moved < 0) moved += 1; // first taken when `slow` turns negative, 5 s in
  if (moved >= 1) moved -= 1;
  return moved < 0.5 ? x : -x;
};
const wrapped: KernelStep = (m, o, s, x, shift) => {
  const p = m[o]!;
  const next = p + 220 * s.dt;
  m[o] = next - Math.floor(next);
  const moved = p + shift;
  const w = moved - Math.floor(moved);
  return w < 0.5 ? x : -x;
};
const scope = {
  trappedRing: (x: Param, shift: Param): Signal => kernel('trappedRing', 1, [x, shift], trapped),
  wrappedRing: (x: Param, shift: Param): Signal => kernel('wrappedRing', 1, [x, shift], wrapped),
};

describe('slowModulationGcs', () => {
  it('counts the GCs of a phase wrap written as a branch that first runs late, and none for the same wrap in arithmetic', async () => {
    const late = await slowModulationGcs('trappedRing(x, slow)', { install: [scope] });
    const every = await slowModulationGcs('wrappedRing(x, slow)', { install: [scope] });
    expect(late.some((n) => n > 0)).toBe(true);
    expect(every).toEqual([0, 0, 0]);
  }, 180_000);
});
