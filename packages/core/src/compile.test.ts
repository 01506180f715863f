import { describe, expect, it } from 'vitest';
import { HEADER } from './binding.js';
import { createRuntime } from './runtime.js';
import { kadd, kmul, knan, kramp, kthrow, renderFrames } from './test-support.js';
import type { Signal } from './types.js';

const SR = 48000;
const make = (channels = 1) => {
  const rt = createRuntime({ sampleRate: SR, channels, helperPoolSize: 1 << 14, fadeSeconds: 0 });
  rt.install({ kramp, kmul, kadd, knan, kthrow });
  return rt;
};
/** The phase a kramp at `rate` Hz holds after `frames` frames, computed the same way. */
const phaseAfter = (rate: number, frames: number) => {
  let p = 0;
  for (let i = 0; i < frames; i++) {
    const next = p + rate * (1 / SR);
    p = next - Math.floor(next);
  }
  return p;
};
const phaseOf = (rt: ReturnType<typeof make>, key: string) => rt.debug().helperPool.memory[rt.liveBlocks().find((b) => b.key === key)!.at + HEADER];

describe('compiled signals', () => {
  it('render exactly what the same kernels give when called as closures', () => {
    const chain = () => kmul(kadd(kramp(kramp(3)), kramp(220)), 0.25);
    const compiled = make();
    compiled.register('x', chain());
    const closures = make();
    const c = chain();
    closures.register('x', (s) => c(s)); // an opaque root: every kernel runs through its closure
    expect(renderFrames(compiled, 5000)).toEqual(renderFrames(closures, 5000));
  });

  it('compute a kernel shared by two compiled signals once per frame', () => {
    const rt = make();
    rt.evaluate(`const lfo = kramp(100); play('a', kmul(lfo, 0.5)); play('b', kmul(lfo, 0.25));`);
    const out = renderFrames(rt, 1000);
    expect(phaseOf(rt, 'a_kramp_0')).toBe(phaseAfter(100, 1000));
    // a + b = 0.75 × the ramp's value at that frame
    expect(out[999]).toBeCloseTo(0.75 * phaseAfter(100, 999), 6);
  });

  it('compute a kernel once per frame when a user function in the same signal calls it too', () => {
    const rt = make();
    // Either order: the kernel before the function that calls it, or after.
    rt.evaluate(`const r = kramp(100), q = kramp(70); play('x', kadd(r, s => -r(s))); play('y', kadd(s => -q(s), q));`);
    const out = renderFrames(rt, 777);
    expect(phaseOf(rt, 'x_kramp_0')).toBe(phaseAfter(100, 777));
    expect(phaseOf(rt, 'x_kramp_1')).toBe(phaseAfter(70, 777)); // built before 'x': bound to it
    expect(out.every((v) => v === 0)).toBe(true);
  });

  it("hand a shared kernel's values to a signal rendered before its owner, frame by frame", () => {
    const rt = make();
    // 'early' calls the ramp through its closure, before 'late' (which compiles it) runs.
    rt.evaluate(`const r = kramp(50); play('early', s => r(s)); play('late', kmul(r, -1));`);
    const out = renderFrames(rt, 1000, 300);
    expect(phaseOf(rt, 'early_kramp_0')).toBe(phaseAfter(50, 1000));
    expect(out.every((v) => v === 0)).toBe(true);
  });

  it("keep a fully compiled signal's kernel exact when another signal calls it now and then through its closure", () => {
    // 'owner' is fully compiled and renders its whole block first; 'reader' calls the
    // ramp's closure on some frames only and reads what the owner left in the ring.
    const rt = make();
    rt.evaluate(`const r = kramp(90); play('owner', kmul(r, 1)); play('reader', s => (s.frame % 300 < 40 ? -r(s) : 0));`);
    const out = renderFrames(rt, 3000, 128);
    expect(phaseOf(rt, 'owner_kramp_0')).toBe(phaseAfter(90, 3000));
    // Where the reader plays, it cancels the owner exactly; elsewhere the owner's ramp is heard.
    for (let f = 0; f < 3000; f++) {
      expect(out[f]).toBe(f % 300 < 40 ? 0 : Math.fround(phaseAfter(90, f)));
    }
  });

  it("keep a helper exact when two signals of the user's own call it, one on every frame and one now and then", () => {
    // Both call functions, so they render frame by frame, interleaved: the ramp
    // advances once per frame, in order, whichever of them asks first.
    const rt = make();
    rt.evaluate(`const r = kramp(90); play('reader', s => (s.frame % 300 < 40 ? -r(s) : 0)); play('owner', s => r(s));`);
    const out = renderFrames(rt, 3000, 128);
    expect(phaseOf(rt, 'reader_kramp_0')).toBe(phaseAfter(90, 3000));
    for (let f = 0; f < 3000; f++) expect(out[f]).toBe(f % 300 < 40 ? 0 : Math.fround(phaseAfter(90, f)));
  });

  it('compute a mono kernel once per frame in a stereo signal that reaches it through both channels', () => {
    const rt = make(2);
    // 'mono' binds the ramp with one channel; the stereo signal reads it in both.
    rt.evaluate(`const n = kramp(100); play('mono', s => 0 * n(s)); register('st', kmul(n, 1), { channels: 2, fadeSeconds: 0 });`);
    const out = renderFrames(rt, 1000);
    expect(phaseOf(rt, 'mono_kramp_0')).toBe(phaseAfter(100, 1000));
    expect(out[2 * 999]).toBe(Math.fround(phaseAfter(100, 999)));
    expect(out[2 * 999 + 1]).toBe(out[2 * 999]);
  });

  it('start stamping a private kernel when a signal that could read it arrives', () => {
    // While every signal is fully compiled, nobody can read a private kernel's ring,
    // so it is not written; adding a signal that calls the kernel turns it on.
    const rt = make();
    const r = kramp(60);
    rt.register('a', kmul(r, 1));
    renderFrames(rt, 1000);
    rt.register('b', (s) => -r(s));
    const out = renderFrames(rt, 1000);
    expect(phaseOf(rt, 'a_kramp_0')).toBe(phaseAfter(60, 2000));
    expect(out.every((v) => v === 0)).toBe(true);
  });

  it('leave the mix intact when the last compiled signal (the one writing the output) fails mid-block', () => {
    // The last fully compiled signal writes the clipped mix to the host's buffer;
    // when it stops early (NaN, a throw, the end of its fade), the mixer writes the rest.
    const alone = make(2);
    alone.evaluate(`play('a', kmul(kramp(100), 0.5), 0);`);
    const reference = renderFrames(alone, 2000, 300);
    for (const bad of ['knan(777)', 'kthrow(901)']) {
      const rt = make(2);
      rt.evaluate(`play('a', kmul(kramp(100), 0.5), 0); play('b', ${bad}, 0);`);
      expect(renderFrames(rt, 2000, 300)).toEqual(reference);
      expect(rt.drainErrors().map((e) => [e.signal, e.kind, e.frame])).toEqual([['b', bad.startsWith('knan') ? 'non-finite' : 'threw', bad.startsWith('knan') ? 777 : 901]]);
    }
    const stopping = make(2);
    stopping.evaluate(`play('a', kmul(kramp(100), 0.5), 0); play('b', kmul(kramp(3), 0.25), 0);`);
    renderFrames(stopping, 500, 100);
    stopping.stop('b', 0.001); // ends 48 frames into the next block
    const after = renderFrames(stopping, 1500, 100);
    // Once the 1 ms fade has ended (48 frames in), the output is 'a' alone, from the same block on.
    const aOnly = make(2);
    aOnly.evaluate(`play('a', kmul(kramp(100), 0.5), 0);`);
    const full = renderFrames(aOnly, 2000, 100);
    expect([...after.subarray(2 * 60)]).toEqual([...full.subarray(2 * 560)]);
  });

  it('give the same samples whatever the host block size', () => {
    const session = `const r = kramp(30); play('a', kmul(kadd(r, kramp(440)), 0.3)); play('b', s => 0.2 * r(s));`;
    const runs = [1, 7, 128, 129, 1000].map((block) => {
      const rt = make();
      rt.evaluate(session);
      return renderFrames(rt, 3000, block);
    });
    for (const r of runs) expect(r).toEqual(runs[0]);
  });

  it('keep a kernel another compiled signal reaches when its first signal stops, so a newcomer never lands on it', () => {
    // 'b' is compiled with 'a''s ramp inlined at a fixed offset: the ramp lives as long
    // as 'b' does, wherever it was bound, and the newcomer is placed elsewhere.
    const rt = make();
    const shared = kramp(10);
    rt.register('a', shared);
    rt.register('b', kmul(shared, 1));
    renderFrames(rt, 64);
    const kept = rt.liveBlocks().find((b) => b.key === 'a_kramp_0')!;
    rt.stop('a', 0);
    rt.register('newcomer', kramp(100));
    expect(rt.liveBlocks().find((b) => b.key === 'a_kramp_0')).toEqual(kept);
    expect(rt.liveBlocks().find((b) => b.key === 'newcomer_kramp_0')!.at).not.toBe(kept.at);
    renderFrames(rt, 48);
    expect(phaseOf(rt, 'newcomer_kramp_0')).toBe(phaseAfter(100, 48));
    expect(phaseOf(rt, 'a_kramp_0')).toBe(phaseAfter(10, 64 + 48));
    rt.stop('b', 0);
    expect(rt.liveBlocks().find((b) => b.key === 'a_kramp_0')).toBeUndefined();
    expect(rt.drainErrors()).toEqual([]);
  });

  it('keep the loop of a signal reloaded with the same graph (its blocks found again), and its phase runs on', () => {
    const rt = make();
    rt.register('a', kmul(kramp(3), 0.5));
    renderFrames(rt, 32);
    const record = rt.debug().registry.records.get('a')!;
    const run = record.run;
    rt.register('a', kmul(kramp(3), 0.5));
    expect(record.run).toBe(run);
    expect(renderFrames(rt, 1)[0]).toBe(Math.fround(0.5 * phaseAfter(3, 32)));
    rt.register('a', kmul(kramp(3), 0.25));
    expect(record.run).not.toBe(run);
  });

  it("keep each channel's state apart in a stereo signal", () => {
    const rt = make(2);
    const spread: Signal = kmul(
      kramp((s) => (s.ch === 0 ? 100 : 200)),
      1,
    );
    rt.register('st', spread, { channels: 2 });
    const out = renderFrames(rt, 101);
    expect(out[200]).toBe(Math.fround(phaseAfter(100, 100)));
    expect(out[201]).toBe(Math.fround(phaseAfter(200, 100)));
  });
});
