// Rhythm, measured: clock drift over ten minutes, and the timing of trigger, seq and sampleHold,
// at 44.1, 48 and 96 kHz.
import { createRuntime, type Signal } from '@aither/core';
import { clock, gain, mix, sampleHold, seq, trigger } from './index.js';
import { always, checkTable, type Row } from './table-support.js';
import { probe } from './test-support.js';

/**
 * Renders `signal` for `seconds` in 8192-frame blocks and returns the frames where it equals
 * each of `levels` (ticks): ten minutes at 96 kHz is 57.6 M frames, too many to keep.
 */
function ticks(signal: () => Signal, sr: number, seconds: number, levels = [1]): number[][] {
  const rt = createRuntime({ sampleRate: sr, channels: 1 });
  rt.register('t', signal(), { fadeSeconds: 0 });
  const out = new Float32Array(8192);
  const at: number[][] = levels.map(() => []);
  const total = Math.round(seconds * sr);
  for (let frame = 0; frame < total; frame += out.length) {
    const n = Math.min(out.length, total - frame);
    rt.render(out, n);
    for (let i = 0; i < n; i++) {
      const v = out[i]!;
      if (v !== 0)
        levels.forEach((level, j) => {
          if (v === level) at[j]!.push(frame + i);
        });
    }
  }
  return at;
}

const cached = new Map<number, number[][]>();
/**
 * Ticks of trigger(clock(120)) and of trigger(clock(97, 4)) over ten minutes, from one render
 * of both (at 1/4 and 1/2, so that each tick can be told apart: 3/4 is both).
 */
function tenMinutes(bpm: 120 | 97, sr: number): number[] {
  if (!cached.has(sr)) {
    const both = ticks(() => mix(gain(trigger(clock(120)), 0.25), gain(trigger(clock(97, 4)), 0.5)), sr, 600, [0.25, 0.5, 0.75]);
    const merge = (a: number[], b: number[]) => [...a, ...b].sort((x, y) => x - y);
    cached.set(sr, [merge(both[0]!, both[2]!), merge(both[1]!, both[2]!)]);
  }
  return cached.get(sr)![bpm === 120 ? 0 : 1]!;
}

/** Largest |tick k − ⌈k·P⌉| (P = the period in frames): a tick falls on the first frame at or past its beat. */
function drift(at: number[], period: number): number {
  return Math.max(...at.map((frame, k) => Math.abs(frame - Math.ceil(k * period - 1e-9))));
}

const period = (bpm: number, division: number, sr: number) => (sr * 60) / (bpm * division);

const TABLE: Row[] = [
  { helper: 'clock', what: 'trigger(clock(120)): ticks in 10 minutes', measure: (sr) => tenMinutes(120, sr).length, reference: always(1200), tolerance: always(0) },
  {
    helper: 'clock',
    what: 'trigger(clock(120)) over 10 minutes: largest distance of a tick from k·sr/2, frames (no drift)',
    measure: (sr) => drift(tenMinutes(120, sr), period(120, 1, sr)),
    reference: always(0),
    tolerance: always(0),
  },
  { helper: 'clock', what: 'trigger(clock(97, 4)): ticks in 10 minutes (97·4·10)', measure: (sr) => tenMinutes(97, sr).length, reference: always(3880), tolerance: always(0) },
  // A period of 6818.18… frames at 44.1 kHz: each tick is the first frame at or past its beat, or the next.
  {
    helper: 'clock',
    what: 'trigger(clock(97, 4)) over 10 minutes: largest distance of a tick from ⌈k·P⌉, frames',
    measure: (sr) => drift(tenMinutes(97, sr), period(97, 4, sr)),
    reference: always(0),
    tolerance: always(1),
  },
  {
    helper: 'clock',
    what: "trigger(clock(97, 4)): distance of the last minute's ticks from ⌈k·P⌉ minus the first minute's (drift), frames",
    measure: (sr) => {
      const at = tenMinutes(97, sr);
      const off = (k: number) => at[k]! - Math.ceil(k * period(97, 4, sr) - 1e-9);
      const minute = 388;
      const sum = (from: number) => at.slice(from, from + minute).reduce((a, _, i) => a + off(from + i), 0);
      return (sum(at.length - minute) - sum(0)) / minute;
    },
    reference: always(0),
    tolerance: always(0.5),
  },
  {
    helper: 'trigger',
    what: 'the first frame is a tick (frame of the first 1)',
    measure: (sr) => ticks(() => trigger(clock(120)), sr, 0.1)[0]![0]!,
    reference: always(0),
    tolerance: always(0),
  },
  {
    helper: 'seq',
    what: 'seq([…5 values], clock(150, 2)): frames where the value changes and no tick falls (or back)',
    measure: (sr) => {
      const values = [0.1, 0.2, 0.3, 0.4, 0.5];
      const [y] = probe(() => seq(values, clock(150, 2)), 4 * sr, { sampleRate: sr });
      const beats = new Set(ticks(() => trigger(clock(150, 2)), sr, 4)[0]);
      let wrong = 0;
      for (let i = 1; i < y!.length; i++) if ((y![i] !== y![i - 1]) !== beats.has(i)) wrong++;
      return wrong;
    },
    reference: always(0),
    tolerance: always(0),
  },
  {
    helper: 'seq',
    what: 'seq: the value of step k is values[k mod 5] (mismatches over 4 s)',
    measure: (sr) => {
      const values = [0.1, 0.2, 0.3, 0.4, 0.5];
      const [y] = probe(() => seq(values, clock(150, 2)), 4 * sr, { sampleRate: sr });
      const beats = ticks(() => trigger(clock(150, 2)), sr, 4)[0]!;
      return beats.filter((frame, k) => y![frame] !== Math.fround(values[k % 5]!)).length;
    },
    reference: always(0),
    tolerance: always(0),
  },
  {
    helper: 'sampleHold',
    what: 'sampleHold(x, trigger(clock(600))): held value = x on the tick frame (mismatches over 1 s)',
    measure: (sr) => {
      const x: Signal = (s) => Math.sin(s.frame * 0.001);
      const [y] = probe(() => sampleHold(x, trigger(clock(600))), sr, { sampleRate: sr });
      const beats = ticks(() => trigger(clock(600)), sr, 1)[0]!;
      let wrong = 0;
      beats.forEach((frame, k) => {
        const until = beats[k + 1] ?? y!.length;
        for (let i = frame; i < until; i++) if (y![i] !== Math.fround(Math.sin(frame * 0.001))) wrong++;
      });
      return wrong;
    },
    reference: always(0),
    tolerance: always(0),
  },
  {
    helper: 'sampleHold',
    what: 'sampleHold(x, gate): takes x as the gate rises, holds it while the gate stays up (mismatches over 1 s)',
    measure: (sr) => {
      const x: Signal = (s) => Math.sin(s.frame * 0.001);
      const [y] = probe(() => sampleHold(x, (s) => (s.frame % 1000 < 300 ? 1 : 0)), sr, { sampleRate: sr });
      let wrong = 0;
      for (let i = 0; i < y!.length; i++) if (y![i] !== Math.fround(Math.sin(1000 * Math.floor(i / 1000) * 0.001))) wrong++;
      return wrong;
    },
    reference: always(0),
    tolerance: always(0),
  },
];

checkTable('rhythm', TABLE);
