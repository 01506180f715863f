// Channel width inferred (a chain stays mono until a helper widens it), checked
// against every helper's case: the same session bound with every helper at its
// signal's full width (what every stereo signal computed before widths were
// inferred) and with inferred widths must render the same samples, to the bit.
import { createRuntime, kernel, type KernelStep, type Runtime } from '@aither/core';
import { casesOf, channel, firstDifference, render, TEST_SIGNALS } from '@aither/helper-kit';
import { describe, expect, it } from 'vitest';
import { CASES } from './cases.js';
import * as helpers from './index.js';

/** Cases whose sources seed each channel differently: at full width their channels differ, inferred they are mono. */
const SEEDED_PER_CHANNEL = new Set(['noise', 'pink']);

/** The fixtures' `x` without its per-channel pitch: a mono source (330 Hz), so inference has something to find. */
const monoStep: KernelStep = (m, o, s) => {
  const p = m[o]!;
  const next = p + 330 * s.dt;
  m[o] = next - Math.floor(next);
  return 0.4 * Math.sin(2 * Math.PI * p);
};
const monoInput = () => kernel('monoInput', 1, [], monoStep);

/** The binder's switch to bind every helper at its signal's full width (internal to core, shared by its copies on globalThis). */
function binderSwitch(): { fullWidth: boolean } {
  const key = Symbol.for('aither.binder');
  const g = globalThis as unknown as Record<symbol, { fullWidth: boolean } | undefined>;
  if (!g[key]) createRuntime({ sampleRate: 48000 }).evaluate(''); // makes it
  return g[key]!;
}

function runtimeOf(session: string, fullWidth: boolean, channels = 2): Runtime {
  const rt = createRuntime({ sampleRate: 48000, channels, install: [helpers, TEST_SIGNALS, { monoInput }], fadeSeconds: 0 });
  const b = binderSwitch();
  b.fullWidth = fullWidth;
  try {
    rt.evaluate(session);
  } finally {
    b.fullWidth = false;
  }
  return rt;
}

function stereoOf(session: string, fullWidth: boolean, frames = 4800): Float32Array[] {
  const rt = runtimeOf(session, fullWidth);
  const out = render(rt, frames, 97);
  expect(rt.drainErrors()).toEqual([]);
  return [channel(out, 2, 0), channel(out, 2, 1)];
}

const sessionOf = (code: string) => `const x = monoInput(); const mod = testModulation(); const slow = testSlow(); register('h', ${code}, { channels: 2, fadeSeconds: 0 });`;

describe('channel width inferred, against every helper bound at full width', () => {
  it.each(casesOf(CASES))('%s: the same samples in every channel where the full-width channels agree', (name, code) => {
    const [l0, r0] = stereoOf(sessionOf(code), true);
    const [l1, r1] = stereoOf(sessionOf(code), false);
    expect(l0!.some((v) => v !== 0) || r0!.some((v) => v !== 0)).toBe(true);
    expect(firstDifference(l1!, l0!)).toBe(-1);
    if (SEEDED_PER_CHANNEL.has(name)) {
      // Full width, each channel had its own seed; inferred, the source is mono.
      expect(firstDifference(l0!, r0!)).not.toBe(-1);
      expect(firstDifference(r1!, l1!)).toBe(-1);
    } else {
      expect(firstDifference(r1!, r0!)).toBe(-1);
    }
  });

  it('the table has cases of both kinds: mono throughout, and widened (pan, reverb, chorus)', () => {
    const widened = casesOf(CASES).filter(([, code]) => {
      const [l, r] = stereoOf(sessionOf(code), false);
      return firstDifference(l!, r!) !== -1;
    });
    expect(widened.map(([name]) => name)).toEqual(['reverb', 'reverb (modulated)', 'chorus', 'pan']);
  });
});

describe('a chain stays mono until a helper widens it', () => {
  it('pan(noise(), 0) is the same noise in both channels (centred), at −3 dB each', () => {
    const [l, r] = stereoOf(`register('n', pan(noise(), 0), { fadeSeconds: 0 });`, false);
    const [mono] = stereoOf(`register('n', noise(), { fadeSeconds: 0 });`, false);
    expect(l!.some((v) => v !== 0)).toBe(true);
    expect(firstDifference(l!, r!)).toBe(-1);
    expect(l![1000]).toBe(Math.fround(mono![1000]! * Math.cos(Math.PI / 4)));
  });

  it('saw → lpf → pan → delay computes saw and lpf once per frame: their blocks hold one channel', () => {
    const rt = runtimeOf(`register('a', delay(pan(lpf(saw(110), 800, 0.5), 0.3), 0.5, 0.02), { fadeSeconds: 0 });`, false);
    const channels = Object.fromEntries(
      rt
        .debug()
        .registry.liveBlocks()
        .map((b) => [b.key, b.channels]),
    );
    expect(channels).toEqual({ a_saw_0: 1, a_lpf_0: 1, a_delay_0: 2 });
  });

  it('an identical reload continues every helper: the result is one straight render', () => {
    const session = `register('a', delay(pan(lpf(saw(110), 800, 0.5), 0.3), 0.5, 0.02), { fadeSeconds: 0 });`;
    const straight = render(runtimeOf(session, false), 9600, 128);
    const rt = runtimeOf(session, false);
    const first = render(rt, 4800, 128);
    rt.evaluate(session);
    const second = render(rt, 4800, 128);
    const joined = new Float32Array(straight.length);
    joined.set(first);
    joined.set(second, first.length);
    expect(straight.some((v) => v !== 0)).toBe(true);
    expect(firstDifference(joined, straight)).toBe(-1);
  });
});
