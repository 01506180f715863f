import { createRuntime } from '@aither/core';
import { describe, expect, it } from 'vitest';
import * as helpers from './index.js';
import { channel, render } from './test-support.js';

// Every stateful helper, as session code over a test input `x` that differs per
// channel (so a channel reading another's state would show).
const CASES: Record<string, string> = {
  osc: 'osc(220)',
  saw: 'saw(110)',
  pulse: 'pulse(110, 0.3)',
  tri: 'tri(110)',
  phasor: 'phasor(3)',
  wave: 'wave(2, [0.1, 0.2, 0.3])',
  noise: 'noise()',
  pink: 'pink()',
  lowpass: 'lowpass(x, 500)',
  highpass: 'highpass(x, 500)',
  dcblock: 'dcblock(x)',
  slew: 'slew(x, 0.01)',
  lpf: 'lpf(x, 800, 0.7)',
  hpf: 'hpf(x, 800, 0.7)',
  bpf: 'bpf(x, 800, 0.7)',
  notch: 'notch(x, 800, 0.7)',
  lowpassQ: 'lowpassQ(x, 800, 2)',
  ladder: 'ladder(x, 800, 0.5)',
  delay: 'delay(x, 0.1, 0.03)',
  feedback: 'feedback(x, 0.1, 0.03, 0.7)',
  allpass: 'allpass(x, 0.1, 0.03, 0.5)',
  reverb: 'reverb(x, 1.5, 0.3, 0.5)',
  tremolo: 'tremolo(x, 5, 0.8)',
  vibrato: 'vibrato(x, 5, 0.5)',
  chorus: 'chorus(x, 1, 0.5, 0.5)',
  share: 'share(x)',
  hold: 'hold(x, 300)',
  crush: 'crush(x, 4, 3000)',
  compressor: 'compressor(x, -20, 4, 0.001, 0.05)',
  limiter: 'limiter(x, -6)',
  adsr: 'adsr(s => (s.t % 0.2 < 0.1 ? 1 : 0), 0.01, 0.02, 0.5, 0.03)',
  trigger: 'trigger(phasor(7))',
  seq: 'seq([0.1, 0.2, 0.3], phasor(9))',
  sampleHold: 'sampleHold(x, trigger(phasor(11)))',
};

const input = `const x = s => 0.4 * Math.sin(2 * Math.PI * (s.ch === 0 ? 330 : 470) * s.t);`;
const session = (expr: string, channels: number) => `${input}\nregister('h', ${expr}, { channels: ${channels}, fadeSeconds: 0 });`;

function make(channels: number, sampleRate: number) {
  const rt = createRuntime({ sampleRate, channels });
  rt.install(helpers);
  return rt;
}

// Odd cases run at 44.1 kHz, even ones at 48 kHz: nothing may assume a rate.
const ROWS = Object.entries(CASES).map(([name, expr], i) => [name, i % 2 ? 44100 : 48000, expr] as const);

describe.each(ROWS)('%s at %i Hz', (_name, sampleRate, expr) => {
  it('continues bit-identically across a reload of identical code', () => {
    const reloaded = make(2, sampleRate);
    reloaded.evaluate(session(expr, 2));
    const first = render(reloaded, 6000);
    reloaded.evaluate(session(expr, 2));
    const second = render(reloaded, 6000);
    const straight = make(2, sampleRate);
    straight.evaluate(session(expr, 2));
    const reference = render(straight, 12000);
    expect(first).toEqual(reference.subarray(0, first.length));
    expect(second).toEqual(reference.subarray(first.length));
    expect(reloaded.drainErrors()).toEqual([]);
  });

  it('keeps independent state per channel', () => {
    const stereo = make(2, sampleRate);
    stereo.evaluate(session(expr, 2));
    const both = render(stereo, 6000);
    // Channel 0 of the stereo signal is what a mono signal over the same input computes.
    const mono = make(1, sampleRate);
    mono.evaluate(session(expr, 1));
    expect(channel(both, 2, 0)).toEqual(render(mono, 6000));
    expect(stereo.drainErrors()).toEqual([]);
  });
});
