import { defineHelper, kernel, type ChannelInit, type KernelStep, type Param, type Signal, type BPM } from '@aither/core';
import { phasor } from './oscillators.js';
import { byTable, check, checkSignal, read, type TableStep } from './param.js';

/**
 * A beat clock: a phasor that rises 0 → 1 once per beat (or per 1/division
 * beat) at `bpm`. Feed it to {@link decay}, {@link trigger} or {@link seq}.
 * @param bpm - beats per minute, constant or signal. @param division - ticks per beat (4 = sixteenths).
 * @example `const env = decay(clock(120), 8), tone = osc(50); play('kick', s => tone(s) * env(s))`
 */
export function clock(bpm: Param<BPM>, division = 1): Signal {
  check('clock', 'bpm', bpm);
  return phasor(typeof bpm === 'number' ? (bpm / 60) * division : (s) => (bpm(s) / 60) * division);
}

/**
 * 1 on the frame where `ramp` wraps (falls), else 0: turns a clock/phasor into
 * ticks. The first frame is a tick.
 * @param ramp - a rising ramp such as {@link clock} or {@link phasor}.
 * @example `const tick = trigger(clock(120, 4))`
 */
export function trigger(ramp: Signal): Signal {
  checkSignal('trigger', 'ramp', ramp);
  const init: ChannelInit = (m, o) => {
    m[o] = Infinity;
  };
  return kernel('trigger', 1, [ramp], triggerStep, init);
}

/**
 * Step sequencer: one step per cycle of `ramp`, cycling through `values`.
 * @param values - numbers or signals. @param ramp - a clock/phasor; each wrap advances.
 * @example `const notes = seq([110, 165, 220, 196], clock(120, 2)); play('bass', gain(saw(notes), 0.3))`
 */
export function seq(values: ReadonlyArray<Param>, ramp: Signal): Signal {
  if (!Array.isArray(values) || values.length === 0) throw new TypeError('seq: values must be a non-empty array');
  values.forEach((v, i) => {
    check('seq', `values[${i}]`, v);
  });
  checkSignal('seq', 'ramp', ramp);
  const list = values.slice();
  const n = list.length;
  const init: ChannelInit = (m, o) => {
    m[o] = Infinity; // previous ramp value
    m[o + 1] = -1; // step
  };
  if (list.every((v) => typeof v === 'number')) {
    const step = byTable(seqSteps, list as number[], (numbers) => (m, o, s, x) => {
      // The next step computed every frame, taken at each wrap (see blep on late arithmetic).
      const following = (m[o + 1]! + 1) % numbers.length;
      if (x < m[o]!) m[o + 1] = following;
      m[o] = x;
      return numbers[m[o + 1]!]!;
    });
    return kernel('seq', 2, [ramp], step.step, { init, uses: step.uses });
  }
  // Steps that are signals: only the current one is computed, so this stays a closure.
  const h = defineHelper('seq', 2, init);
  return (s) => {
    const o = h.begin(s);
    if (o < 0) return h.last(o);
    const m = h.memory;
    const x = ramp(s);
    if (x < m[o]!) m[o + 1] = (m[o + 1]! + 1) % n;
    m[o] = x;
    return h.end(o, read(list[m[o + 1]!]!, s));
  };
}

/**
 * Sample and hold: takes `input` when `trig` rises above 0, holds it until the next.
 * @param input - the signal to sample (computed every frame). @param trig - a trigger/gate.
 * @example `const sh = sampleHold(noise(), trigger(clock(240)))`
 */
export function sampleHold(input: Signal, trig: Param): Signal {
  checkSignal('sampleHold', 'input', input);
  check('sampleHold', 'trig', trig);
  // [previous trigger, held]
  return kernel('sampleHold', 2, [input, trig], sampleHoldStep);
}

const triggerStep: KernelStep = (m, o, s, x) => {
  const tick = x < m[o]! ? 1 : 0;
  m[o] = x;
  return tick;
};

const sampleHoldStep: KernelStep = (m, o, s, x, t) => {
  // Both comparisons made every frame: the second would otherwise first run at the first trigger (see blep).
  const rising = t > 0;
  const armed = m[o]! <= 0;
  if (rising && armed) m[o + 1] = x;
  m[o] = t;
  return m[o + 1]!;
};

/** Steps of `seq` by table (see {@link byTable}). */
const seqSteps = new Map<string, TableStep>();
