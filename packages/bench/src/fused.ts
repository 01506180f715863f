import { BLOCK, SR } from './measure.js';

const TAU = 2 * Math.PI;

/**
 * The seed chain hand-written as one loop of plain JavaScript: what the
 * abstraction is measured against. Same algorithms as the helpers: sine phase
 * accumulator, one-pole low-pass, sine-LFO tremolo, linearly interpolated
 * ring-buffer delay, gain.
 */
export function fusedSeed(copies: number): (out: Float32Array) => void {
  const a = 1 - Math.exp((-TAU * 800) / SR);
  const len = Math.ceil(0.5 * SR) + 2;
  const d = 0.25 * SR;
  const phase = new Float64Array(copies);
  const lfo = new Float64Array(copies);
  const low = new Float64Array(copies);
  const write = new Float64Array(copies);
  const lines = Array.from({ length: copies }, () => new Float64Array(len));
  return (out) => {
    for (let i = 0; i < BLOCK; i++) {
      let mix = 0;
      for (let c = 0; c < copies; c++) {
        const p = phase[c]!;
        const np = p + 440 / SR;
        phase[c] = np - Math.floor(np);
        const y = low[c]! + a * (Math.sin(TAU * p) - low[c]!);
        low[c] = y;
        const q = lfo[c]!;
        const nq = q + 5 / SR;
        lfo[c] = nq - Math.floor(nq);
        const t = y * (1 - 0.8 * 0.5 * (1 - Math.sin(TAU * q)));
        const line = lines[c]!;
        const w = write[c]!;
        line[w] = t;
        let r = w - d;
        if (r < 0) r += len;
        const k = Math.floor(r);
        const frac = r - k;
        const x0 = line[k]!;
        const x1 = line[k + 1 === len ? 0 : k + 1]!;
        write[c] = w + 1 === len ? 0 : w + 1;
        mix += (x0 + (x1 - x0) * frac) * 0.4;
      }
      out[i] = mix > 1 ? 1 : mix < -1 ? -1 : mix;
    }
  };
}

/**
 * A subtractive voice hand-written as one loop: PolyBLEP saw at 110 Hz, the
 * state-variable low-pass at 800 Hz / res 0.5, gain 0.3 — the same
 * algorithms as `pipe(saw(110), x => lpf(x, 800, 0.5), x => gain(x, 0.3))`.
 */
export function fusedVoice(): (out: Float32Array) => void {
  const inc = 110 / SR;
  const g = Math.tan((Math.PI * 800) / SR);
  const k = 2 * (1 - 0.5);
  const a1 = 1 / (1 + g * (g + k));
  const a2 = g * a1;
  const a3 = g * a2;
  // State in locals during a block, kept in an array between blocks (writing a
  // closure's own variables would box every double).
  const state = new Float64Array(3);
  return (out) => {
    let t = state[0]!;
    let ic1 = state[1]!;
    let ic2 = state[2]!;
    for (let i = 0; i < BLOCK; i++) {
      let blep = 0;
      if (t < inc) {
        const x = t / inc;
        blep = x + x - x * x - 1;
      } else if (t > 1 - inc) {
        const x = (t - 1) / inc;
        blep = x * x + x + x + 1;
      }
      const saw = 2 * t - 1 - blep;
      const next = t + inc;
      t = next - Math.floor(next);
      const v3 = saw - ic2;
      const v1 = a1 * ic1 + a2 * v3;
      const v2 = ic2 + a2 * ic1 + a3 * v3;
      ic1 = 2 * v1 - ic1;
      ic2 = 2 * v2 - ic2;
      const y = v2 * 0.3;
      out[i] = y > 1 ? 1 : y < -1 ? -1 : y;
    }
    state[0] = t;
    state[1] = ic1;
    state[2] = ic2;
  };
}

/**
 * The seed chain for one signal with its scalar state in local variables
 * during a block (registers, in effect) — the fastest way to write it by hand,
 * and a stricter reference than {@link fusedSeed}, whose state stays in arrays
 * as the engine's does in its helper pool.
 */
export function fusedSeedLocals(): (out: Float32Array) => void {
  const a = 1 - Math.exp((-TAU * 800) / SR);
  const len = Math.ceil(0.5 * SR) + 2;
  const d = 0.25 * SR;
  const line = new Float64Array(len);
  const state = new Float64Array(4);
  return (out) => {
    let phase = state[0]!;
    let low = state[1]!;
    let lfo = state[2]!;
    let w = state[3]!;
    for (let i = 0; i < BLOCK; i++) {
      const x = Math.sin(TAU * phase);
      const np = phase + 440 / SR;
      phase = np - Math.floor(np);
      low += a * (x - low);
      const t = low * (1 - 0.8 * 0.5 * (1 - Math.sin(TAU * lfo)));
      const nq = lfo + 5 / SR;
      lfo = nq - Math.floor(nq);
      line[w] = t;
      let r = w - d;
      if (r < 0) r += len;
      const k = Math.floor(r);
      const frac = r - k;
      const x0 = line[k]!;
      const x1 = line[k + 1 === len ? 0 : k + 1]!;
      w = w + 1 === len ? 0 : w + 1;
      const y = (x0 + (x1 - x0) * frac) * 0.4;
      out[i] = y > 1 ? 1 : y < -1 ? -1 : y;
    }
    state[0] = phase;
    state[1] = low;
    state[2] = lfo;
    state[3] = w;
  };
}

/**
 * {@link fusedVoice} doing, per frame, what the engine does for every signal
 * besides its chain: the NaN guard (a signal that produces NaN is muted), the
 * gain it fades with, and the mix with the signals before it. The part of a
 * chain's time that composing helpers cannot remove.
 */
export function fusedVoiceWithDuties(): (out: Float32Array) => void {
  const inc = 110 / SR;
  const g = Math.tan((Math.PI * 800) / SR);
  const a1 = 1 / (1 + g * (g + 1));
  const a2 = g * a1;
  const a3 = g * a2;
  const state = new Float64Array(4);
  const acc = new Float64Array(BLOCK);
  const gain = { value: 1, muted: false };
  return (out) => {
    if (gain.muted) return;
    const level = gain.value;
    let t = state[0]!;
    let ic1 = state[1]!;
    let ic2 = state[2]!;
    acc.fill(0);
    for (let i = 0; i < BLOCK; i++) {
      let blep = 0;
      if (t < inc) {
        const x = t / inc;
        blep = x + x - x * x - 1;
      } else if (t > 1 - inc) {
        const x = (t - 1) / inc;
        blep = x * x + x + x + 1;
      }
      const saw = 2 * t - 1 - blep;
      const next = t + inc;
      t = next - Math.floor(next);
      const v3 = saw - ic2;
      const v1 = a1 * ic1 + a2 * v3;
      const v2 = ic2 + a2 * ic1 + a3 * v3;
      ic1 = 2 * v1 - ic1;
      ic2 = 2 * v2 - ic2;
      const y = v2 * 0.3;
      if (y - y !== 0) {
        gain.muted = true;
        break;
      }
      const v = acc[i]! + y * level;
      out[i] = v > 1 ? 1 : v < -1 ? -1 : v;
    }
    state[0] = t;
    state[1] = ic1;
    state[2] = ic2;
  };
}
