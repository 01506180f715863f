import { describe, expect, it } from 'vitest';
import { SessionError } from './evaluate.js';
import { createRuntime } from './runtime.js';
import { ramp, renderFrames } from './test-support.js';

const make = () => {
  const rt = createRuntime({ sampleRate: 48000, channels: 1, helperPoolSize: 4096 });
  rt.install({ ramp, osc: ramp });
  return rt;
};

function failure(fn: () => unknown): SessionError {
  try {
    fn();
  } catch (e) {
    if (e instanceof SessionError) return e;
    throw e;
  }
  throw new Error('expected a SessionError');
}

describe('evaluate', () => {
  const good = `play('a', ramp(5));\nplay('b', s => 0.1);`;

  it('reports a syntax error with line and column, and changes nothing', () => {
    const rt = make();
    const reference = make();
    for (const r of [rt, reference]) r.evaluate(good);
    renderFrames(rt, 300);
    renderFrames(reference, 300);
    const stats = rt.stats();
    const e = failure(() => rt.evaluate(`play('a', ramp(5));\nplay('b', s => 0.1;`));
    expect(e.message).toBe('Syntax error at line 2, column 19: Unexpected token');
    expect([e.line, e.column]).toEqual([2, 19]);
    expect(rt.stats()).toEqual(stats);
    expect(renderFrames(rt, 1000)).toEqual(renderFrames(reference, 1000));
  });

  it("reports a top-level error with the user's line, and keeps the old code and its state", () => {
    const rt = make();
    const reference = make();
    for (const r of [rt, reference]) r.evaluate(good);
    renderFrames(rt, 300);
    renderFrames(reference, 300);
    const e = failure(() => rt.evaluate(`play('a', ramp(9));\nplay('c', ramp(2));\n\n  nothere(1);\nplay('d', ramp(1));`));
    expect(e.line).toBe(4);
    expect(e.column).toBe(3);
    expect(e.message).toBe(
      "Session error at line 4, column 3: nothere is not defined: 'nothere' is neither declared in the session nor installed " +
        '(is its helper package installed?). Nothing was changed.',
    );
    expect(rt.list()).toEqual(['a', 'b']);
    expect(rt.liveBlocks().map((b) => b.key)).toEqual(['a_ramp_0']);
    expect(renderFrames(rt, 1000)).toEqual(renderFrames(reference, 1000));
  });

  it('session mode fades out and frees what the new code no longer registers', () => {
    const rt = make();
    rt.evaluate(good);
    const result = rt.evaluate(`play('b', s => 0.1);`);
    expect(result).toEqual({ registered: ['b'], removed: ['a'], warnings: [] });
    renderFrames(rt, 48000 * 0.005 + 1);
    expect(rt.stats()).toMatchObject({ signals: 1, helperSlotsUsed: 0 });
  });

  it('snippet mode only adds or replaces', () => {
    const rt = make();
    rt.evaluate(good);
    expect(rt.evaluate(`play('c', ramp(1));`, { mode: 'snippet' })).toEqual({ registered: ['c'], removed: [], warnings: [] });
    expect(rt.list()).toEqual(['a', 'b', 'c']);
  });

  it('lets session code shadow an installed name, and gives each evaluation its own scope', () => {
    const rt = make();
    rt.evaluate(`const osc = 0.25;\nconst level = osc;\nplay('a', s => level);`, { mode: 'snippet' });
    rt.evaluate(`const level = 0.5;\nplay('b', s => level);`, { mode: 'snippet' });
    renderFrames(rt, 48000 * 0.005);
    expect(renderFrames(rt, 1)[0]).toBe(0.75);
  });

  it('runs the verbs in session scope in order, after the code succeeded', () => {
    const rt = make();
    rt.evaluate(`play('a', s => 0.25, 0); play('b', s => 0.5, 0); mute('a', 0);`);
    expect(renderFrames(rt, 1)[0]).toBe(0.5);
    rt.evaluate(`play('a', s => 0.25, 0); play('b', s => 0.5, 0); unmute('a', 0); solo('a', 0);`);
    expect(renderFrames(rt, 1)[0]).toBe(0.25);
    expect(rt.list()).toEqual(['a', 'b']);
  });

  it("binds no helper built after the last register, not even to the host's next register", () => {
    const rt = make();
    rt.evaluate(`play('a', ramp(1));\nconst unused = ramp(2);`);
    expect(rt.stats().helperBlocks).toBe(1);
    rt.register('b', () => 0);
    expect(rt.stats().helperBlocks).toBe(1);
    rt.evaluate(`play('a', ramp(1));\nconst unused = ramp(2);`, { mode: 'snippet' });
    rt.register('c', () => 0);
    // 'b', a host function registered while the first ramp played, may call it: that ramp
    // keeps a copy of the block (retired), the new one the block and its key.
    expect(
      rt
        .liveBlocks()
        .map((b) => b.key)
        .sort(),
    ).toEqual(['a_ramp_0', 'a_ramp_0~retired']);
  });

  it("reports a helper with no memory by name when a function of the user's own calls it", () => {
    const rt = make();
    rt.evaluate(`play('a', s => late(s));\nconst late = ramp(2);`);
    renderFrames(rt, 4);
    const [fault] = rt.drainErrors();
    expect(fault!.kind).toBe('threw');
    expect(fault!.message).toMatch(/^Signal 'a' threw at t=0.000s: ramp\(\) has no memory: it was never bound, or freed/);
    expect(rt.list()).toEqual(['a']);
  });

  it('rejects an unknown mode', () => {
    expect(() => make().evaluate('', { mode: 'whole' as 'session' })).toThrow("evaluate: mode must be 'session' or 'snippet', got whole");
  });
});

describe('installing helper packages', () => {
  it('installs packages given as a runtime option', () => {
    const rt = createRuntime({ sampleRate: 48000, channels: 1, install: [{ level: () => 0.25 }] });
    rt.evaluate(`play('a', level, 0);`);
    expect(renderFrames(rt, 1)[0]).toBe(0.25);
  });

  it('names the package that provides a helper the session uses but the host did not install', () => {
    const rt = make();
    rt.catalog('@aither/helpers-physical', ['pluck', 'bell']);
    const e = failure(() => rt.evaluate(`play('p', pluck(220));`));
    expect(e.message).toBe(
      "Session error at line 1, column 1: pluck is not defined: 'pluck' comes from @aither/helpers-physical, which is not installed " +
        "in this runtime (install it: runtime.install(await import('@aither/helpers-physical')), or the host's helper-package option). Nothing was changed.",
    );
  });
});
