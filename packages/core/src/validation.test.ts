// Input validation of core's public entry points: each bad input is refused
// with its exact message, each edge value just inside the range is accepted,
// and a refused call changes nothing.
import { afterEach, describe, expect, it } from 'vitest';
import { claimStateBlock, onBind } from './binding.js';
import { HelperPool } from './helper-pool.js';
import { kernel, mapKernel, nodeOf } from './kernel.js';
import { pipe } from './pipe.js';
import { createRuntime, getRuntime } from './runtime.js';
import { SignalPool } from './signal-pool.js';
import { kramp, renderFrames } from './test-support.js';
import type { RuntimeOptions } from './types.js';

const SR = 48000;
const mono = (options: Partial<RuntimeOptions> = {}) => createRuntime({ sampleRate: SR, channels: 1, ...options });
const make = (options: Partial<RuntimeOptions>) => () => createRuntime({ sampleRate: SR, ...options });

describe('createRuntime options', () => {
  it('refuses a sample rate that is not a positive finite number', () => {
    for (const sampleRate of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(make({ sampleRate })).toThrow(new RangeError(`sampleRate must be a positive number of Hz, got ${sampleRate}`));
    }
    expect(createRuntime({ sampleRate: 0.5 }).sampleRate).toBe(0.5);
  });

  it('refuses channels outside the integers 1..8, and takes 1 and 8', () => {
    for (const channels of [0, 9, 1.5, -1]) expect(make({ channels })).toThrow(new RangeError(`channels must be an integer 1..8, got ${channels}`));
    expect(mono().channels).toBe(1);
    expect(createRuntime({ sampleRate: SR, channels: 8 }).channels).toBe(8);
  });

  it('refuses a bad slotsPerSignal, maxSignals, helperPoolSize or startFrame', () => {
    for (const slotsPerSignal of [-1, 1.5]) expect(make({ slotsPerSignal })).toThrow(new RangeError(`slotsPerSignal must be a non-negative integer, got ${slotsPerSignal}`));
    for (const maxSignals of [0, -1, 1.5]) expect(make({ maxSignals })).toThrow(new RangeError(`maxSignals must be a positive integer, got ${maxSignals}`));
    for (const helperPoolSize of [0, -1, 1.5]) expect(make({ helperPoolSize })).toThrow(new RangeError(`helperPoolSize must be a positive integer, got ${helperPoolSize}`));
    expect(make({ helperPoolSize: 100, maxHelperPoolSize: 400.5 })).toThrow(new RangeError('maxHelperPoolSize must be an integer >= helperPoolSize (100), got 400.5'));
    for (const startFrame of [-1, 1.5, 2 ** 53]) expect(make({ startFrame })).toThrow(new RangeError(`startFrame must be an integer >= 0, got ${startFrame}`));
  });

  it('takes the smallest valid pools: no slots per signal, one signal, one helper slot', () => {
    const rt = mono({ slotsPerSignal: 0, maxSignals: 1, helperPoolSize: 1 });
    rt.register('a', (s) => s.state.length);
    expect(rt.stats()).toMatchObject({ signals: 1, signalSlotsUsed: 0, signalSlots: 0, helperSlotsFree: 1 });
    expect(() => rt.register('b', () => 0)).toThrow("Cannot register 'b': all 1 signal slots are in use (maxSignals). Nothing was changed.");
    expect(rt.list()).toEqual(['a']);
  });

  it('defaults: 2 channels, 64 slots for each of 256 signals, 40 s of helper slots at the rate, a 5 ms fade, the clock at 0', () => {
    const rt = createRuntime({ sampleRate: SR });
    expect([rt.channels, rt.slotsPerSignal, rt.fadeSeconds, rt.frame, rt.time]).toEqual([2, 64, 0.005, 0, 0]);
    expect(rt.stats()).toEqual({
      signals: 0,
      signalSlotsUsed: 0,
      signalSlots: 256 * 64,
      helperSlotsUsed: 0,
      helperSlotsFree: 40 * SR,
      helperBlocks: 0,
      largestFreeBlock: 40 * SR,
      compiledSignals: 0,
      writtenIn: 0,
      warming: 0,
    });
  });

  it('starts the clock at startFrame: s.frame and s.t of the first frame, and rt.time after', () => {
    const rt = mono({ startFrame: 4800 });
    expect(rt.time).toBe(0.1);
    rt.register('a', (s) => s.frame / 1e5, { fadeSeconds: 0 });
    expect(Array.from(renderFrames(rt, 2))).toEqual([Math.fround(0.048), Math.fround(0.04801)]);
    expect(rt.frame).toBe(4802);
  });
});

describe('register', () => {
  it('refuses a name that is not a non-empty string', () => {
    const rt = mono();
    expect(() => rt.register('', () => 0)).toThrow(new TypeError('register: the name must be a non-empty string, got '));
    expect(() => rt.register(5 as never, () => 0)).toThrow(new TypeError('register: the name must be a non-empty string, got 5'));
    expect(rt.list()).toEqual([]);
  });

  it('refuses what is not a function, naming its type', () => {
    const rt = mono();
    expect(() => rt.register('a', null as never)).toThrow(new TypeError("register('a'): expected a signal function (s => sample), got null"));
    expect(() => rt.register('a', 0.5 as never)).toThrow(new TypeError("register('a'): expected a signal function (s => sample), got number"));
    expect(rt.stats().signals).toBe(0);
  });

  it('refuses channels that are not a positive integer; takes 1, and caps at the runtime channels', () => {
    const rt = createRuntime({ sampleRate: SR, channels: 2 });
    for (const channels of [0, 1.5, -2]) {
      expect(() => rt.register('a', () => 0, { channels })).toThrow(new RangeError(`register('a'): channels must be a positive integer, got ${channels}`));
    }
    rt.register('a', (s) => (s.ch === 0 ? 0.25 : 0.5), { channels: 1, fadeSeconds: 0 });
    expect(Array.from(renderFrames(rt, 1))).toEqual([0.25, 0.25]);
    rt.register('a', (s) => (s.ch === 0 ? 0.25 : 0.5), { channels: 5, fadeSeconds: 0 });
    expect(Array.from(renderFrames(rt, 1))).toEqual([0.25, 0.5]);
  });

  it('counts a name new in the same transaction once against maxSignals', () => {
    const rt = mono({ maxSignals: 2 });
    rt.evaluate(`play('a', s => 0); play('a', s => 0.5, 0); play('b', s => 0.25, 0);`);
    expect(rt.list()).toEqual(['a', 'b']);
    expect(() => rt.evaluate(`play('a', s => 0); play('b', s => 0); play('c', s => 0);`)).toThrow(
      "Session error at line 1, column 39: Error: Cannot register 'c': all 2 signal slots are in use (maxSignals). Nothing was changed.",
    );
    expect(Array.from(renderFrames(rt, 1))).toEqual([0.75]);
  });

  it('refuses every control call from inside a render, naming the verb, and changes nothing', () => {
    const rt = mono();
    const calls: Array<() => unknown> = [
      () => rt.register('x', () => 0),
      () => rt.stop('a'),
      () => rt.mute('a'),
      () => rt.unmute('a'),
      () => rt.solo('a'),
      () => rt.unsolo(),
      () => rt.clear(),
      () => rt.evaluate(''),
    ];
    const errors: string[] = [];
    rt.register(
      'a',
      (s) => {
        if (s.frame === 0) {
          for (const call of calls) {
            try {
              call();
            } catch (e) {
              errors.push((e as Error).message);
            }
          }
        }
        return 0.5;
      },
      { fadeSeconds: 0 },
    );
    expect(renderFrames(rt, 2)[1]).toBe(0.5);
    expect(errors).toEqual(
      ['register', 'stop', 'mute', 'unmute', 'solo', 'unsolo', 'clear', 'evaluate'].map(
        (verb) => `${verb}() was called while rendering (from inside a signal function): signals change only between blocks. Call it from session code or from the host.`,
      ),
    );
    expect(rt.list()).toEqual(['a']);
    expect(rt.drainErrors()).toEqual([]);
  });
});

describe('the host verbs', () => {
  it('mute, unmute and solo refuse a name that is not a signal, listing the signals', () => {
    const rt = mono();
    expect(() => rt.mute('x')).toThrow("mute('x'): no signal named 'x' (signals: none)");
    rt.register('a', () => 0.5, { fadeSeconds: 0 });
    rt.register('b', () => 0.25, { fadeSeconds: 0 });
    expect(() => rt.unmute('x')).toThrow("unmute('x'): no signal named 'x' (signals: a, b)");
    expect(() => rt.solo(['a', 'x'])).toThrow("solo('x'): no signal named 'x' (signals: a, b)");
    expect(Array.from(renderFrames(rt, 1))).toEqual([0.75]);
  });

  it('stop is false for no such signal, true for one, and frees it after its fade', () => {
    const rt = mono();
    expect(rt.stop('a')).toBe(false);
    rt.register('a', () => 0.5, { fadeSeconds: 0 });
    expect(rt.stop('a', 0)).toBe(true);
    expect(rt.list()).toEqual([]);
    expect(rt.stats().signals).toBe(0);
    expect(rt.unregister('a')).toBe(false);
  });

  it('render refuses a frame count it cannot fill, naming the sizes', () => {
    const rt = createRuntime({ sampleRate: SR, channels: 2 });
    const message = (frames: number, length: number) => `render: need an integer frames >= 0 and out.length >= frames * 2; got frames=${frames}, out.length=${length}`;
    expect(() => rt.render(new Float32Array(4), 3)).toThrow(new RangeError(message(3, 4)));
    expect(() => rt.render(new Float32Array(4), -1)).toThrow(new RangeError(message(-1, 4)));
    expect(() => rt.render(new Float32Array(4), 1.5)).toThrow(new RangeError(message(1.5, 4)));
    rt.render(new Float32Array(4), 2);
    rt.render(new Float32Array(0), 0);
    expect(rt.frame).toBe(2);
  });
});

describe('the session verbs refuse bad arguments at their line', () => {
  const rt = mono();
  rt.register('a', () => 0.5, { fadeSeconds: 0 });
  const cases: Array<[string, string, number?]> = [
    [`stop(5)`, 'TypeError: stop(5): the argument must be a signal name (a string)'],
    [`unregister({ a: 1 })`, 'TypeError: unregister({"a":1}): the argument must be a signal name (a string)'],
    [`mute(undefined)`, 'TypeError: mute(undefined): the argument must be a signal name (a string)'],
    [`stop('a', -1)`, 'RangeError: stop: the fade must be a number of seconds >= 0, got -1'],
    [`unmute('a', '1')`, 'RangeError: unmute: the fade must be a number of seconds >= 0, got 1'],
    [`mute('a', NaN)`, 'RangeError: mute: the fade must be a number of seconds >= 0, got NaN'],
    [`solo(['a', 3])`, 'TypeError: solo(3): the argument must be a signal name (a string)'],
    [`solo('a', -0.5)`, 'RangeError: solo: the fade must be a number of seconds >= 0, got -0.5'],
    [`unsolo(-1)`, 'RangeError: unsolo: the fade must be a number of seconds >= 0, got -1'],
    [`clear('x')`, 'RangeError: clear: the fade must be a number of seconds >= 0, got x'],
    [`mute('b')`, "Error: mute('b'): no signal named 'b' (signals: a)"],
    [`play('c', s => 0); unmute('d')`, "Error: unmute('d'): no signal named 'd' (signals: a, c)", 20],
    [`solo(['a', 'e'])`, "Error: solo('e'): no signal named 'e' (signals: a)"],
  ];
  it.each(cases)('%s', (code, message, column = 1) => {
    expect(() => rt.evaluate(`\n${code};`, { mode: 'snippet' })).toThrow(`Session error at line 2, column ${column}: ${message}. Nothing was changed.`);
    expect(rt.list()).toEqual(['a']);
    expect(renderFrames(rt, 1)[0]).toBe(0.5);
  });

  it('takes a fade of 0 and names registered in the same session', () => {
    const r = mono();
    const result = r.evaluate(`play('b', s => 0.25, 0); mute('b', 0); unmute('b', 0); solo('b', 0); stop('x', 0);`);
    expect(result.warnings).toEqual(["stop('x'): no signal named 'x'; nothing to stop"]);
    expect(r.list()).toEqual(['b']);
    expect(renderFrames(r, 1)[0]).toBe(0.25);
  });

  it('warns, without failing, when stop or unregister names no signal', () => {
    const r = mono();
    r.register('a', () => 0.5, { fadeSeconds: 0 });
    const result = r.evaluate(`stop('x'); unregister('y');`, { mode: 'snippet' });
    expect(result.warnings).toEqual(["stop('x'): no signal named 'x'; nothing to stop", "unregister('y'): no signal named 'y'; nothing to stop"]);
    expect(r.list()).toEqual(['a']);
  });
});

describe('getRuntime', () => {
  const key = Symbol.for('aither.runtime');
  afterEach(() => {
    delete (globalThis as unknown as Record<symbol, unknown>)[key];
  });

  it('creates one runtime on globalThis (48 kHz stereo by default) and returns it again', () => {
    const rt = getRuntime();
    expect([rt.sampleRate, rt.channels]).toEqual([48000, 2]);
    expect(getRuntime()).toBe(rt);
    expect(getRuntime({ sampleRate: 48000 })).toBe(rt);
    expect(getRuntime({ sampleRate: 48000, channels: 2 })).toBe(rt);
  });

  it('refuses options that disagree with the existing runtime, naming both', () => {
    const rt = getRuntime({ sampleRate: 44100, channels: 1 });
    expect(() => getRuntime({ sampleRate: 48000, channels: 1 })).toThrow('getRuntime: a runtime at 44100 Hz, 1 channels already exists; asked for 48000 Hz, 1 channels');
    expect(() => getRuntime({ sampleRate: 44100 })).toThrow('getRuntime: a runtime at 44100 Hz, 1 channels already exists; asked for 44100 Hz, 2 channels');
    expect(getRuntime({ sampleRate: 44100, channels: 1 })).toBe(rt);
  });
});

describe('the helper API refuses bad sizes', () => {
  it('claimStateBlock outside a bind hook, and a kernel size that is not a non-negative integer', () => {
    expect(() => claimStateBlock({ name: 'x' } as never, 'h', 1)).toThrow("claimStateBlock('h') can only be called from a bind hook, while a signal is registered");
    const rt = mono();
    for (const size of [-1, 1.5]) {
      expect(() =>
        rt.register(
          'a',
          kernel('sized', size, [], () => 0),
        ),
      ).toThrow(new RangeError(`sized: slots per channel must be a non-negative integer, got ${size}`));
      expect(() =>
        rt.register(
          'a',
          kernel(
            'sized',
            () => size,
            [],
            () => 0,
          ),
        ),
      ).toThrow(new RangeError(`sized: slots per channel must be a non-negative integer, got ${size}`));
    }
    expect(rt.stats().helperBlocks).toBe(0);
    expect(rt.list()).toEqual([]);
  });

  it('claimStateBlock refuses a size that is not a non-negative integer, and the register with it', () => {
    const rt = mono();
    for (const size of [-1, 2.5]) {
      onBind('raw', (s) => void claimStateBlock(s, 'raw', size));
      expect(() => rt.register('a', () => 0)).toThrow(new RangeError(`raw: state size must be a non-negative integer, got ${size}`));
    }
    onBind('raw', (s) => void claimStateBlock(s, 'raw', 0));
    rt.register('b', () => 0);
    expect(rt.list()).toEqual(['b']);
  });

  it('a kernel takes at most its maximum of inputs, naming the count', () => {
    const many = Array.from({ length: 7 }, () => 0);
    expect(() => mapKernel('wide', many, () => 0)).toThrow('wide: a kernel takes at most 6 inputs, got 7');
  });

  it('pipe refuses what is not a signal or a function', () => {
    expect(() => pipe('x' as never)).toThrow(new TypeError('pipe: the first argument must be a signal or a number, got string'));
    expect(() => pipe(kramp(1), 3 as never)).toThrow(new TypeError('pipe: argument 2 must be a function (signal => signal), got number'));
    expect(() =>
      pipe(
        kramp(1),
        (x) => x,
        () => 'y' as never,
      ),
    ).toThrow(new TypeError('pipe: transform 2 returned string, not a signal'));
    const rt = mono();
    expect(nodeOf(pipe(0.25))!.helper).toBe('constant');
    rt.register('p', pipe(0.25), { fadeSeconds: 0 });
    expect(renderFrames(rt, 1)[0]).toBe(0.25);
  });
});

describe('the pools', () => {
  it('the signal pool hands out zeroed slices by index, -1 when full, and counts them', () => {
    const pool = new SignalPool(3, 2);
    expect([pool.free, pool.used, pool.memory.length]).toEqual([2, 0, 6]);
    const a = pool.alloc();
    const b = pool.alloc();
    expect([a, b, pool.alloc()]).toEqual([0, 1, -1]);
    expect([pool.free, pool.used]).toEqual([0, 2]);
    pool.view(b).fill(7);
    expect(Array.from(pool.memory)).toEqual([0, 0, 0, 7, 7, 7]);
    pool.release(b);
    expect([pool.free, pool.used]).toEqual([1, 1]);
    expect(pool.alloc()).toBe(1);
    expect(Array.from(pool.view(1))).toEqual([0, 0, 0]);
  });

  it('the helper pool refuses a double free, naming the interval', () => {
    const pool = new HelperPool(16);
    const at = pool.alloc(4);
    pool.free(at, 4);
    expect(() => pool.free(at, 4)).toThrow(`HelperPool.free(${at}, 4) overlaps free space: double free`);
  });
});
