import { kernel, type KernelStep, type Signal } from '@aither/core';
import { SR } from './measure.js';

// Chains hand-fused into one kernel each: the same algorithms as the helpers,
// written as one step, registered and rendered by the same engine (fades,
// NaN muting, mixing, clipping). Against these, a chain's time is what
// composing helpers costs, without the engine's own work per frame.

const TAU = 2 * Math.PI;

/** The seed, `pipe(osc(440), lowpass 800, tremolo 5/0.8, delay 0.5/0.25, gain 0.4)`: [phase, low, lfo, write, line...]. */
const SEED = { TAU, A: 1 - Math.exp((-TAU * 800) / SR), LEN: Math.ceil(0.5 * SR) + 2, D: 0.25 * SR, F: 440 / SR, L: 5 / SR };

const seedStep: KernelStep = (m, o) => {
  const p = m[o]!;
  const x = Math.sin(TAU * p);
  const np = p + F;
  m[o] = np - Math.floor(np);
  const low = m[o + 1]! + A * (x - m[o + 1]!);
  m[o + 1] = low;
  const q = m[o + 2]!;
  const t = low * (1 - 0.8 * 0.5 * (1 - Math.sin(TAU * q)));
  const nq = q + L;
  m[o + 2] = nq - Math.floor(nq);
  const w = m[o + 3]!;
  m[o + 4 + w] = t;
  let r = w - D;
  if (r < 0) r += LEN;
  const k = Math.floor(r);
  const frac = r - k;
  const x0 = m[o + 4 + k]!;
  const x1 = m[o + 4 + (k + 1 === LEN ? 0 : k + 1)]!;
  m[o + 3] = w + 1 === LEN ? 0 : w + 1;
  return (x0 + (x1 - x0) * frac) * 0.4;
};
const { A, LEN, D, F, L } = SEED;

export const seedKernel = (): Signal => kernel('seedFused', 4 + SEED.LEN, [], seedStep, { uses: SEED, registers: 4 });

/** The voice, `pipe(saw(110), lpf 800/0.5, gain 0.3)`: [phase, ic1, ic2]. */
const G = Math.tan((Math.PI * 800) / SR);
const VOICE = { INC: 110 / SR, A1: 1 / (1 + G * (G + 1)), A2: G / (1 + G * (G + 1)), A3: (G * G) / (1 + G * (G + 1)) };
const { INC, A1, A2, A3 } = VOICE;

const voiceStep: KernelStep = (m, o) => {
  const t = m[o]!;
  let blep = 0;
  if (t < INC) {
    const x = t / INC;
    blep = x + x - x * x - 1;
  } else if (t > 1 - INC) {
    const x = (t - 1) / INC;
    blep = x * x + x + x + 1;
  }
  const saw = 2 * t - 1 - blep;
  const next = t + INC;
  m[o] = next - Math.floor(next);
  const ic1 = m[o + 1]!;
  const ic2 = m[o + 2]!;
  const v3 = saw - ic2;
  const v1 = A1 * ic1 + A2 * v3;
  const v2 = ic2 + A2 * ic1 + A3 * v3;
  m[o + 1] = 2 * v1 - ic1;
  m[o + 2] = 2 * v2 - ic2;
  return v2 * 0.3;
};

export const voiceKernel = (): Signal => kernel('voiceFused', 3, [], voiceStep, { uses: VOICE });

/** A hat, `pipe(noise(), hpf 6000/0.3, gain by decay(phasor(4), 20))`: [rng, ic1, ic2, phase]. */
const H = Math.tan((Math.PI * 6000) / SR);
const HK = 2 * (1 - 0.3);
const HAT = { HK, H1: 1 / (1 + H * (H + HK)), H2: H / (1 + H * (H + HK)), H3: (H * H) / (1 + H * (H + HK)), P: 4 / SR };
const { H1, H2, H3, P } = HAT;

const hatStep: KernelStep = (m, o) => {
  let r = m[o]!;
  r ^= r << 13;
  r ^= r >>> 17;
  r ^= r << 5;
  r >>>= 0;
  m[o] = r;
  const x = r / 2147483648 - 1;
  const ic1 = m[o + 1]!;
  const ic2 = m[o + 2]!;
  const v3 = x - ic2;
  const v1 = H1 * ic1 + H2 * v3;
  const v2 = ic2 + H2 * ic1 + H3 * v3;
  m[o + 1] = 2 * v1 - ic1;
  m[o + 2] = 2 * v2 - ic2;
  const p = m[o + 3]!;
  const next = p + P;
  m[o + 3] = next - Math.floor(next);
  return (x - HK * v1 - v2) * Math.exp(-p * 20);
};

export const hatKernel = (): Signal =>
  kernel('hatFused', 4, [], hatStep, {
    uses: HAT,
    init: (m, o) => {
      m[o] = 0x9e3779b9;
    },
  });
