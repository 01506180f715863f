// The performer's verbs as session code calls them (stop, unregister, mute,
// unmute, solo, unsolo, clear), during the evaluation and later (from a timer,
// after the session returned), checked on the samples: a fade of F frames
// moves the gain by 1/F per frame, before the frame is computed.
import { afterEach, describe, expect, it } from 'vitest';
import { createRuntime, type Runtime } from './runtime.js';
import { renderFrames } from './test-support.js';

const SR = 48000;
const FADE = SR * 0.005; // the default fade, in frames

/** A mono runtime playing a = 0.5 and b = 0.25 at full gain. */
function playing(): Runtime {
  const rt = createRuntime({ sampleRate: SR, channels: 1 });
  rt.evaluate(`play('a', s => 0.5, 0); play('b', s => 0.25, 0);`);
  renderFrames(rt, 1);
  return rt;
}

const snippet = (rt: Runtime, code: string) => rt.evaluate(code, { mode: 'snippet' });

describe('verbs called by session code', () => {
  it('stop fades out over the default fade, then frees the signal; the others play on', () => {
    const rt = playing();
    snippet(rt, `stop('a');`);
    expect(rt.list()).toEqual(['b']);
    expect(rt.stats().signals).toBe(2); // still fading
    const out = renderFrames(rt, FADE + 10);
    expect(out[0]).toBe(Math.fround(0.25 + 0.5 * (1 - 1 / FADE)));
    expect(out[FADE / 2 - 1]).toBe(0.5);
    expect(out[FADE - 1]).toBe(0.25);
    expect(out[FADE + 9]).toBe(0.25);
    expect(rt.stats().signals).toBe(1);
  });

  it('stop with a fade of 0 silences at the next frame; unregister is stop with the default fade', () => {
    const rt = playing();
    snippet(rt, `stop('a', 0);`);
    expect(rt.stats().signals).toBe(1);
    expect(renderFrames(rt, 1)[0]).toBe(0.25);
    snippet(rt, `unregister('b');`);
    const out = renderFrames(rt, FADE + 1);
    expect(out[0]).toBe(Math.fround(0.25 * (1 - 1 / FADE)));
    expect(out[FADE - 1]).toBeCloseTo(0, 12); // the gain's steps of 1/FADE leave a rounding error: one frame more to 0
    expect(out[FADE]).toBe(0);
    expect(rt.stats().signals).toBe(0);
    expect(rt.list()).toEqual([]);
  });

  it('mute fades a signal to silence and keeps it running (its state counts on); unmute brings it back', () => {
    const rt = createRuntime({ sampleRate: SR, channels: 1 });
    rt.evaluate(`play('c', s => { s.state[0] += 1; return s.state[0] / 1000; }, 0);`);
    renderFrames(rt, 10);
    snippet(rt, `mute('c', 0);`);
    expect(Array.from(renderFrames(rt, 10))).toEqual(new Array(10).fill(0));
    expect(rt.list()).toEqual(['c']);
    snippet(rt, `unmute('c', 0);`);
    expect(renderFrames(rt, 1)[0]).toBe(Math.fround(0.021));
    snippet(rt, `mute('c', 0.001);`); // 48 frames
    const out = renderFrames(rt, 48);
    expect(out[0]).toBe(Math.fround((0.022 * 47) / 48));
    expect(out[47]).toBe(0);
  });

  it('solo hears only the names given (a name or a list); unsolo hears all again', () => {
    const rt = playing();
    snippet(rt, `solo('b', 0);`);
    expect(renderFrames(rt, 1)[0]).toBe(0.25);
    snippet(rt, `unsolo(0);`);
    expect(renderFrames(rt, 1)[0]).toBe(0.75);
    snippet(rt, `play('c', s => 0.125, 0); solo(['a', 'c'], 0);`);
    expect(renderFrames(rt, 1)[0]).toBe(0.625);
    snippet(rt, `unsolo();`);
    const out = renderFrames(rt, FADE);
    expect(out[0]).toBe(Math.fround(0.625 + 0.25 / FADE));
    expect(out[FADE - 1]).toBe(0.875);
  });

  it('clear stops every signal, with its fade or the default', () => {
    const rt = playing();
    snippet(rt, `clear(0);`);
    expect(rt.list()).toEqual([]);
    expect(rt.stats().signals).toBe(0);
    expect(renderFrames(rt, 1)[0]).toBe(0);
    const again = playing();
    snippet(again, `clear();`);
    expect(again.list()).toEqual([]);
    const out = renderFrames(again, FADE + 1);
    expect(out[0]).toBe(Math.fround(0.75 * (1 - 1 / FADE)));
    expect(out[FADE - 1]).toBeCloseTo(0, 12);
    expect(out[FADE]).toBe(0);
    expect(again.stats().signals).toBe(0);
  });

  it('a verb runs at commit, in order with the registers: a signal played then stopped in one session is not heard', () => {
    const rt = playing();
    const result = snippet(rt, `play('c', s => 0.125, 0); stop('c', 0); mute('a', 0); unmute('a', 0);`);
    expect(result.registered).toEqual(['c']);
    expect(rt.list()).toEqual(['a', 'b']);
    expect(renderFrames(rt, 1)[0]).toBe(0.75);
  });

  it('a session whose code throws after a verb applies nothing', () => {
    const rt = playing();
    expect(() => snippet(rt, `clear(0);\nthrow new Error('late');`)).toThrow('Session error at line 2, column 7: Error: late. Nothing was changed.');
    expect(rt.list()).toEqual(['a', 'b']);
    expect(renderFrames(rt, 1)[0]).toBe(0.75);
  });

  it('list() during the session names the signals playing before it', () => {
    const rt = playing();
    snippet(rt, `play('c', s => 0); globalThis.__aitherSeen = list();`);
    expect((globalThis as { __aitherSeen?: string[] }).__aitherSeen).toEqual(['a', 'b']);
    delete (globalThis as { __aitherSeen?: string[] }).__aitherSeen;
  });
});

describe('verbs called after the session returned (from a timer)', () => {
  type Verbs = Record<'register' | 'play' | 'list' | 'stop' | 'unregister' | 'mute' | 'unmute' | 'solo' | 'unsolo' | 'clear', (...a: unknown[]) => unknown>;
  const key = '__aitherVerbs';
  const verbs = (rt: Runtime): Verbs => {
    snippet(rt, `globalThis.${key} = { register, play, list, stop, unregister, mute, unmute, solo, unsolo, clear };`);
    return (globalThis as unknown as Record<string, Verbs>)[key]!;
  };
  afterEach(() => {
    delete (globalThis as unknown as Record<string, unknown>)[key];
  });

  it('act as the host call does, each at once', () => {
    const rt = playing();
    const v = verbs(rt);
    v.mute('a', 0);
    expect(renderFrames(rt, 1)[0]).toBe(0.25);
    v.unmute('a', 0);
    expect(renderFrames(rt, 1)[0]).toBe(0.75);
    v.solo('a', 0);
    expect(renderFrames(rt, 1)[0]).toBe(0.5);
    v.unsolo(0);
    expect(renderFrames(rt, 1)[0]).toBe(0.75);
    v.stop('a', 0);
    expect(v.list()).toEqual(['b']);
    v.play('c', () => 0.125, 0);
    v.register('d', () => 0.0625, { fadeSeconds: 0 });
    expect(renderFrames(rt, 1)[0]).toBe(0.4375);
    v.unregister('c');
    expect(v.list()).toEqual(['b', 'd']);
    v.clear(0);
    expect(rt.list()).toEqual([]);
    expect(renderFrames(rt, 1)[0]).toBe(0);
    expect(rt.drainErrors()).toEqual([]);
  });

  it('report a failure as a rejected fault that says nothing changed, instead of throwing into the timer', () => {
    const rt = playing();
    const v = verbs(rt);
    renderFrames(rt, 4799); // t = 0.100 s
    const heard: string[] = [];
    rt.onError((f) => heard.push(f.kind));
    v.mute('nope');
    v.solo(['a', 'x'], 0);
    v.register('', () => 0);
    v.stop(5 as never, 0);
    const faults = rt.drainErrors();
    expect(faults.map((f) => [f.signal, f.kind, f.message])).toEqual([
      ['nope', 'rejected', "mute: mute('nope'): no signal named 'nope' (signals: a, b) (called after its session had finished running, at t=0.100s). Nothing was changed."],
      ['', 'rejected', "solo: solo('x'): no signal named 'x' (signals: a, b) (called after its session had finished running, at t=0.100s). Nothing was changed."],
      ['', 'rejected', 'register: register: the name must be a non-empty string, got  (called after its session had finished running, at t=0.100s). Nothing was changed.'],
    ]);
    expect(faults[0]!.error).toBeInstanceOf(Error);
    expect(heard).toEqual(['rejected', 'rejected', 'rejected']);
    expect(rt.list()).toEqual(['a', 'b']);
    expect(renderFrames(rt, 1)[0]).toBe(0.75);
  });

  it("name the verb in a late play's fault, and keep the verb's own error as the cause", () => {
    const rt = playing();
    const v = verbs(rt);
    v.play('', () => 0);
    v.mute('nope');
    const faults = rt.drainErrors();
    expect(faults.map((f) => f.message)).toEqual([
      'play: register: the name must be a non-empty string, got  (called after its session had finished running, at t=0.000s). Nothing was changed.',
      "mute: mute('nope'): no signal named 'nope' (signals: a, b) (called after its session had finished running, at t=0.000s). Nothing was changed.",
    ]);
    const error = faults[1]!.error as Error;
    expect(error.message).toBe("mute: mute('nope'): no signal named 'nope' (signals: a, b)");
    expect(error.cause).toBeInstanceOf(Error);
    expect((error.cause as Error).message).toBe("mute('nope'): no signal named 'nope' (signals: a, b)");
  });
});
