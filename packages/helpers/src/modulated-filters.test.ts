import type { Param, Signal } from '@aither/core';
import { describe, expect, it } from 'vitest';
import { bandpassQ, bpf, highpass, highpassQ, hpf, ladder, lowpass, lowpassQ, lpf, notch, notchQ } from './index.js';
import { probe } from './test-support.js';

/**
 * A cutoff is documented as accepting signals, so a performer may sweep it at
 * audio rate. Every filter must stay bounded then (no blow-up to Infinity), and
 * a cutoff that jumps between two values must not throw transients far above
 * what the filter passes at either value.
 */
type Filter = (x: Signal, cutoff: Param, q: Param) => Signal;
const FILTERS: Record<string, { make: Filter; q: [number, number] }> = {
  lowpass: { make: (x, fc) => lowpass(x, fc), q: [0, 0] },
  highpass: { make: (x, fc) => highpass(x, fc), q: [0, 0] },
  lpf: { make: lpf, q: [0, 0.95] },
  hpf: { make: hpf, q: [0, 0.95] },
  bpf: { make: bpf, q: [0, 0.95] },
  notch: { make: notch, q: [0, 0.95] },
  lowpassQ: { make: lowpassQ, q: [0.5, 10] },
  highpassQ: { make: highpassQ, q: [0.5, 10] },
  bandpassQ: { make: bandpassQ, q: [0.5, 10] },
  notchQ: { make: notchQ, q: [0.5, 10] },
  ladder: { make: ladder, q: [0, 0.95] },
};

/** Deterministic white noise in [−0.5, 0.5] from the frame count. */
const noise: Signal = (s) => {
  const v = Math.sin(s.frame * 12.9898 + 78.233) * 43758.5453;
  return v - Math.floor(v) - 0.5;
};
const peak = (y: Float32Array) => y.reduce((m, v) => Math.max(m, Math.abs(v)), 0);

describe('filters under audio-rate modulation', () => {
  for (const [name, { make, q }] of Object.entries(FILTERS)) {
    for (const sr of [44100, 48000, 96000]) {
      it(`${name} stays bounded with cutoff and q/res swept at audio rate (${sr} Hz)`, () => {
        const sine = (hz: number) => (s: { frame: number; dt: number }) => Math.sin(2 * Math.PI * hz * s.frame * s.dt);
        const sweeps: Array<[string, Param]> = [
          ['40 Hz..18 kHz at 2 kHz', (s) => 40 * Math.pow(450, 0.5 + 0.5 * sine(2000)(s))],
          ['2 kHz ± 1.9 kHz at 200 Hz', (s) => 2000 + 1900 * sine(200)(s)],
          ['5 kHz ± 4.9 kHz at 1 kHz', (s) => 5000 + 4900 * sine(1000)(s)],
        ];
        const resonances: Array<[string, Param]> = [
          ['swept at 300 Hz', (s) => q[0] + (q[1] - q[0]) * (0.5 + 0.5 * sine(300)(s))],
          ['at its highest', q[1]],
        ];
        for (const [how, cutoff] of sweeps) {
          for (const [at, qq] of resonances) {
            let y: Float32Array | undefined;
            try {
              [y] = probe(() => make(noise, cutoff, qq), sr / 2, { sampleRate: sr });
            } catch (error) {
              throw new Error(`cutoff ${how}, q ${at}: ${(error as Error).message}`);
            }
            // The widest static gain is the resonant peak, ~q (res 0.95: q = 10): 0.5 · 10 · 4 of headroom for noise.
            expect(peak(y!), `cutoff ${how}, q ${at}`).toBeLessThan(20);
          }
        }
      });
    }
    it(`${name}: a cutoff jumping between 200 Hz and 5 kHz every 64 samples gives no transient above 1.5× the input (notches 2×: they pass the tone and subtract a band-pass that is moving)`, () => {
      const cutoff: Param = (s) => ((s.frame >> 6) & 1 ? 5000 : 200);
      const tone: Signal = (s) => 0.5 * Math.sin(2 * Math.PI * 1000 * s.frame * s.dt);
      // Gentle settings: at most a Butterworth's peak, so any overshoot is the topology's.
      const gentle = q[1] === 0 ? 0 : q[0] === 0 ? 0.29 : Math.SQRT1_2;
      const [y] = probe(() => make(tone, cutoff, gentle), 48000);
      expect(peak(y!)).toBeLessThan(name.startsWith('notch') ? 1 : 0.75);
    });
  }
});
