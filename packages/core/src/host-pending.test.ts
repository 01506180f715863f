// Helpers the host builds for its own next register are not the session's:
// an evaluation in between, successful or refused, leaves them for the host.
import { describe, expect, it } from 'vitest';
import { widen } from './binding.js';
import { createRuntime } from './runtime.js';
import { kramp, renderFrames } from './test-support.js';
import type { Signal } from './types.js';

const make = () => {
  const rt = createRuntime({ sampleRate: 48000, channels: 1, helperPoolSize: 4096 });
  rt.install({ kramp });
  return rt;
};

describe("the host's pending helpers", () => {
  it('survive an evaluation and are bound by the host’s next register, under its name', () => {
    const rt = make();
    const mine = kramp(480);
    rt.evaluate(`play('s', kramp(1), 0);`);
    expect(rt.liveBlocks().map((b) => b.key)).toEqual(['s_kramp_0']);
    rt.register('h', mine, { fadeSeconds: 0 });
    expect(rt.liveBlocks().map((b) => b.key)).toEqual(['s_kramp_0', 'h_kramp_0']);
    expect(renderFrames(rt, 2)[1]).toBe(Math.fround(1 / 48000 + 0.01));
  });

  it('survive a refused evaluation too', () => {
    const rt = make();
    const mine = kramp(480);
    expect(() => rt.evaluate(`play('s', kramp(1), 0);\nthrow new Error('no');`)).toThrow('Session error at line 2, column 7: Error: no. Nothing was changed.');
    expect(rt.liveBlocks()).toEqual([]);
    rt.register('h', mine, { fadeSeconds: 0 });
    expect(rt.liveBlocks().map((b) => b.key)).toEqual(['h_kramp_0']);
  });

  it('keep a stereo width declared for the host’s register', () => {
    const rt = createRuntime({ sampleRate: 48000, channels: 2, helperPoolSize: 4096 });
    widen(2);
    const host: Signal = (s) => (s.ch === 0 ? 0.25 : -0.25);
    rt.evaluate(`play('s', s => 0, 0);`);
    rt.register('h', host, { fadeSeconds: 0 });
    expect(Array.from(renderFrames(rt, 1))).toEqual([0.25, -0.25]);
  });
});
