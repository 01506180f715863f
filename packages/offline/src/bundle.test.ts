import { createRuntime, inlineReport, type Signal } from '@aither/core';
import * as helpers from '@aither/helpers';
import * as physical from '@aither/helpers-physical';
import { describe, expect, it } from 'vitest';

// Hosts load the helper packages as published: bundled, where the bundler may
// rename a module's functions and constants (`coefficients` → `coefficients2`).
// A helper whose step then names something its `uses` does not give still
// works but is called instead of written into the loop (several times slower):
// check the bundles as shipped.
describe('the published helper bundles', () => {
  it('have every helper written into compiled loops', () => {
    const x = helpers.osc(220);
    const probes: Record<string, Signal> = {
      osc: x,
      saw: helpers.saw(110),
      pulse: helpers.pulse(110, 0.3),
      tri: helpers.tri(110),
      phasor: helpers.phasor(2),
      wave: helpers.wave(2, [1, 2]),
      noise: helpers.noise(),
      pink: helpers.pink(),
      lowpass: helpers.lowpass(x, 800),
      highpass: helpers.highpass(x, 800),
      dcblock: helpers.dcblock(x),
      slew: helpers.slew(x, 0.01),
      lpf: helpers.lpf(x, 800, 0.5),
      hpf: helpers.hpf(x, 800, 0.5),
      bpf: helpers.bpf(x, 800, 0.5),
      notch: helpers.notch(x, 800, 0.5),
      lowpassQ: helpers.lowpassQ(x, 800, 2),
      highpassQ: helpers.highpassQ(x, 800, 2),
      ladder: helpers.ladder(x, 800, 0.5),
      delay: helpers.delay(x, 0.1, 0.05),
      feedback: helpers.feedback(x, 0.1, 0.05, 0.5),
      allpass: helpers.allpass(x, 0.05, 0.01, 0.5),
      reverb: helpers.reverb(x, 2, 0.3, 0.3),
      tremolo: helpers.tremolo(x, 5, 0.8),
      vibrato: helpers.vibrato(x, 5, 0.5),
      chorus: helpers.chorus(x),
      gain: helpers.gain(x, 0.5),
      pan: helpers.pan(x, 0.3),
      mix: helpers.mix(x, x),
      share: helpers.share(x),
      tanh: helpers.tanh(x, 2),
      softclip: helpers.softclip(x, 2),
      fold: helpers.fold(x, 2),
      crush: helpers.crush(x, 4, 8000),
      hold: helpers.hold(x, 1000),
      compressor: helpers.compressor(x),
      limiter: helpers.limiter(x),
      decay: helpers.decay(x, 8),
      adsr: helpers.adsr(x, 0.01, 0.1, 0.5, 0.2),
      trigger: helpers.trigger(x),
      seq: helpers.seq([1, 2], x),
      sampleHold: helpers.sampleHold(x, x),
      pluck: physical.pluck(220),
    };
    const reports = Object.entries(probes).map(([name, probe]) => [name, inlineReport(probe)]);
    createRuntime({ sampleRate: 48000 }).register('strays', () => 0); // binds the probes, which no signal holds
    expect(reports.filter(([, report]) => report !== null)).toEqual([]);
  });
});
