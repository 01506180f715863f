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
