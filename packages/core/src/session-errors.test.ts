// What evaluate() says when session code cannot run: each kind of failure
// with its exact message, line and column, and nothing changed.
import { describe, expect, it } from 'vitest';
import { SessionError } from './evaluate.js';
import { createRuntime, type Runtime } from './runtime.js';
import { ramp, renderFrames } from './test-support.js';

const make = (): Runtime => {
  const rt = createRuntime({ sampleRate: 48000, channels: 1, helperPoolSize: 4096 });
  rt.install({ ramp });
  rt.evaluate(`play('a', s => 0.5, 0);`);
  return rt;
};

function failure(rt: Runtime, code: string): SessionError {
  try {
    rt.evaluate(code);
  } catch (e) {
    if (e instanceof SessionError) return e;
    throw e;
  }
  throw new Error('expected a SessionError');
}

/** The failure's message, line and column; checks that the old code still plays. */
function refused(code: string, setup?: (rt: Runtime) => void): [string, number | undefined, number | undefined] {
  const rt = make();
  setup?.(rt);
  const e = failure(rt, code);
  expect(e.name).toBe('SessionError');
  expect(rt.list()).toEqual(['a']);
  expect(renderFrames(rt, 1)[0]).toBe(0.5);
  return [e.message, e.line, e.column];
}

describe('evaluate refuses, and says where', () => {
  it('a syntax error: the parser’s words, line and 1-based column', () => {
    expect(refused(`play('b', s => 0);\nconst = 3;`)).toEqual(['Syntax error at line 2, column 7: Unexpected token', 2, 7]);
    expect(refused(`\n\n  play('b', s => 0`)).toEqual(['Syntax error at line 3, column 19: Unexpected token', 3, 19]);
  });

  it('a name neither declared nor installed', () => {
    expect(refused(`play('b', lowpass(ramp(1), 200));`)).toEqual([
      "Session error at line 1, column 1: lowpass is not defined: 'lowpass' is neither declared in the session nor installed (is its helper package installed?). Nothing was changed.",
      1,
      1,
    ]);
  });

  it('a name a catalogued package provides, naming the package and how to install it', () => {
    const [message] = refused(`\nplay('b', pluck(220));`, (rt) => rt.catalog('@aither/helpers-physical', ['pluck']));
    expect(message).toBe(
      "Session error at line 2, column 1: pluck is not defined: 'pluck' comes from @aither/helpers-physical, which is not installed in this runtime " +
        "(install it: runtime.install(await import('@aither/helpers-physical')), or the host's helper-package option). Nothing was changed.",
    );
  });

  it('a syntax error after a top-level return, on a line past 9, or in a regular expression whose text looks like a position', () => {
    expect(refused(`return;\nconst = 3;`)).toEqual(['Syntax error at line 2, column 7: Unexpected token', 2, 7]);
    expect(refused(`${'\n'.repeat(11)}const = 3;`)).toEqual(['Syntax error at line 12, column 7: Unexpected token', 12, 7]);
    // Only the parser's own position at the end of its message is dropped.
    expect(refused(`const r = / (1:2)(/;`)).toEqual(['Syntax error at line 1, column 12: Invalid regular expression: / (1:2)(/: Unterminated group', 1, 12]);
  });

  it("keeps the parser's error as the cause of a syntax error", () => {
    const e = failure(make(), `play('b', s => 0);\nconst = 3;`);
    expect(e.cause).toBeInstanceOf(SyntaxError);
    expect((e.cause as SyntaxError).message).toBe('Unexpected token (2:6)');
  });

  it('code nested deeper than the engine compiles: the parser says where it ran out of stack', () => {
    const [message, line, column] = refused(`x = ${'['.repeat(100000)}${']'.repeat(100000)};`);
    expect(message).toMatch(/^Syntax error at line 1, column \d+: Not enough stack space to parse input$/);
    expect(line).toBe(1);
    expect(column).toBeGreaterThan(5);
  });

  it('an error that only reads like an undefined name is given as it is: only V8’s ReferenceError "X is not defined" is explained', () => {
    expect(refused(`throw new TypeError('x is not defined');`)).toEqual(['Session error at line 1, column 7: TypeError: x is not defined. Nothing was changed.', 1, 7]);
    expect(refused(`throw new ReferenceError('the name x is not defined');`)).toEqual([
      'Session error at line 1, column 7: ReferenceError: the name x is not defined. Nothing was changed.',
      1,
      7,
    ]);
    expect(refused(`play('b', s => 0);\nx;\nlet x = 1;`)).toEqual([
      "Session error at line 2, column 1: ReferenceError: Cannot access 'x' before initialization. Nothing was changed.",
      2,
      1,
    ]);
  });

  it('an error thrown first in a function the session made with new Function has no line of the session’s', () => {
    expect(refused(`play('b', s => 0);\nnew Function('throw new Error("deep")')();`)).toEqual(['Session error: Error: deep. Nothing was changed.', undefined, undefined]);
    expect(refused(`throw null;`)).toEqual(['Session error: null. Nothing was changed.', undefined, undefined]);
  });

  it("an error of the runtime's own that already says nothing changed does not say it twice", () => {
    const rt = createRuntime({ sampleRate: 48000, channels: 1, maxSignals: 2 });
    const e = failure(rt, `play('a', s => 0, 0);\nplay('b', s => 0, 0);\nplay('c', s => 0, 0);`);
    expect([e.message, e.line, e.column]).toEqual([
      "Session error at line 3, column 1: Error: Cannot register 'c': all 2 signal slots are in use (maxSignals). Nothing was changed.",
      3,
      1,
    ]);
    expect(rt.list()).toEqual([]);
  });

  it('a thrown error of any class, with its class; a thrown string as it is', () => {
    expect(refused(`throw new RangeError('too far');`)).toEqual(['Session error at line 1, column 7: RangeError: too far. Nothing was changed.', 1, 7]);
    expect(refused(`throw 'plain';`)).toEqual(['Session error: plain. Nothing was changed.', undefined, undefined]);
    expect(refused(`null.x;`)[0]).toBe("Session error at line 1, column 6: TypeError: Cannot read properties of null (reading 'x'). Nothing was changed.");
  });

  it('a regular expression the parser takes but the engine refuses, at its own line', () => {
    // Regular expression modifiers: acorn parses them; Node 20's engine refuses them.
    let refuses = false;
    try {
      // biome-ignore lint/complexity/useRegexLiterals: a literal would fail to load this whole file on an engine that refuses it
      new RegExp('(?i:x)');
    } catch {
      refuses = true;
    }
    if (!refuses) return void expect(make().evaluate(`const r = /(?i:x)/;`).registered).toEqual([]);
    expect(refused(`play('b', s => 0);\nconst r = /(?i:x)/;`)).toEqual([
      'Syntax error at line 2, column 11: SyntaxError: Invalid regular expression: /(?i:x)/: Invalid group. Nothing was changed.',
      2,
      11,
    ]);
  });

  it("keeps the engine's error as the cause of what the parser takes but the engine refuses", () => {
    let refuses = false;
    try {
      // biome-ignore lint/complexity/useRegexLiterals: a literal would fail to load this whole file on an engine that refuses it
      new RegExp('(?i:x)');
    } catch {
      refuses = true;
    }
    if (!refuses) return;
    const e = failure(make(), `const r = /(?i:x)/;`);
    expect(e.cause).toBeInstanceOf(SyntaxError);
    expect((e.cause as SyntaxError).message).toBe('Invalid regular expression: /(?i:x)/: Invalid group');
  });

  it('a statement the parser takes but the engine refuses (no regular expression in it), at that statement', () => {
    let refuses = false;
    try {
      new Function('for (using x of []) {}');
    } catch {
      refuses = true;
    }
    // Explicit resource management: acorn parses `using`; Node 20's engine refuses it.
    if (!refuses) return void expect(make().evaluate(`play('b', s => 0);\nfor (using x of []) {}`, { mode: 'snippet' }).registered).toEqual(['b']);
    expect(refused(`play('b', s => 0);\nfor (using x of []) {}`)).toEqual(["Syntax error at line 2, column 1: SyntaxError: Unexpected identifier 'x'. Nothing was changed.", 2, 1]);
  });

  it('code the engine refuses in no single statement (a hashbang: only a script may start with one) is placed at line 1, column 1', () => {
    expect(refused(`#!/usr/bin/env aither\nplay('b', s => 0);`)).toEqual([
      'Syntax error at line 1, column 1: SyntaxError: Invalid or unexpected token. Nothing was changed.',
      1,
      1,
    ]);
  });

  it('runs as a sloppy-mode script: an undeclared assignment lands on globalThis', () => {
    const rt = make();
    rt.evaluate(`undeclared = 1; play('b', s => 0.25, 0);`, { mode: 'snippet' });
    expect((globalThis as { undeclared?: number }).undeclared).toBe(1);
    delete (globalThis as { undeclared?: number }).undeclared;
    expect(renderFrames(rt, 1)[0]).toBe(0.75);
  });
});

describe('the session scope', () => {
  it('passes installed names that are identifiers and not reserved words; skips the others', () => {
    const rt = createRuntime({ sampleRate: 48000, channels: 1 });
    rt.install({ level: 0.25, 'not-a-name': 1, if: 2, eval: 3, $ok_1: 0.125 });
    rt.evaluate(`play('b', s => level + $ok_1, 0);`);
    expect(renderFrames(rt, 1)[0]).toBe(0.375);
  });

  it("skips the words reserved in any mode: the session keeps the language's own eval, and a name like while is not passed", () => {
    const rt = createRuntime({ sampleRate: 48000, channels: 1 });
    rt.install({ eval: 3, arguments: 4, while: 5, level: 0.25 });
    rt.evaluate(`play('b', s => level + eval('0.5'), 0);`);
    expect(renderFrames(rt, 1)[0]).toBe(0.75);
  });

  it('a session may return early (top-level return), keeping what it registered before', () => {
    const rt = createRuntime({ sampleRate: 48000, channels: 1 });
    const result = rt.evaluate(`play('b', s => 0.25, 0);\nreturn;\nplay('c', s => 0.5, 0);`);
    expect(result).toEqual({ registered: ['b'], removed: [], warnings: [] });
    expect(renderFrames(rt, 1)[0]).toBe(0.25);
  });

  it('reports what a session removed and what it registered', () => {
    const rt = make();
    const result = rt.evaluate(`play('b', s => 0.25, 0); play('c', s => 0, 0);`);
    expect(result).toEqual({ registered: ['b', 'c'], removed: ['a'], warnings: [] });
    expect(rt.evaluate(`play('c', s => 0, 0);`, { mode: 'snippet' })).toEqual({ registered: ['c'], removed: [], warnings: [] });
    expect(rt.evaluate(`stop('b');`, { mode: 'snippet' })).toEqual({ registered: [], removed: ['b'], warnings: [] });
  });
});
