import { createRuntime, type Runtime, type Signal } from '@aither/core';
import { PRELUDE, preludeOf, TEST_SIGNALS, testInput, testModulation, testSlow } from './inputs.js';

/** What the suite needs to know of a helper package. */
export interface ConformanceOptions {
  /**
   * The helper scopes a session gets, as a host installs them: your package's
   * module (`import * as mine from './index.js'`), and any other package your
   * fixtures use (e.g. `@aither/helpers` for `gain`).
   */
  readonly install: readonly Readonly<Record<string, unknown>>[];
  /** Helper pool size in slots, for helpers with long memories (default: the runtime's, 2^20). */
  readonly helperPoolSize?: number;
}

/** A runtime with `options.install` and the test signals installed. */
export function runtimeFor(options: ConformanceOptions, sampleRate = 48000, channels = 2, tiered = false): Runtime {
  const install = [...options.install, TEST_SIGNALS];
  const tiering = tiered ? { tiered: true, warmCalls: TEST_WARM_CALLS } : {};
  return createRuntime({ sampleRate, channels, install, ...tiering, ...(options.helperPoolSize ? { helperPoolSize: options.helperPoolSize } : {}) });
}

/** A tiered runtime's warm calls in the suite: fewer than a host's, so that its loops go live within a test's seconds. */
export const TEST_WARM_CALLS = 24;

/** Session code registering `code` as signal `h` (no fade), with the test signals defined (`x`'s channel 1 at `right` Hz). */
export function sessionOf(code: string, channels: number, right = 470): string {
  return `${preludeOf(right)}\nregister('h', ${code}, { channels: ${channels}, fadeSeconds: 0 });`;
}

/**
 * The same signal behind a function of the session's own, so that every
 * kernel in it runs through its closure (the reference the loop must match).
 */
export function closureSessionOf(code: string, channels: number): string {
  return `${PRELUDE}\nconst sig = ${code};\nregister('h', (s) => sig(s), { channels: ${channels}, fadeSeconds: 0 });`;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * The signal `code` builds, made outside any runtime (to ask `inlineReport`
 * about it), with the installed helpers in scope and `x`, `mod`, `slow` defined.
 */
export function signalOf(code: string, options: ConformanceOptions): Signal {
  const scope: Record<string, unknown> = Object.assign({}, ...options.install, TEST_SIGNALS, { x: testInput(), mod: testModulation(), slow: testSlow() });
  const names = Object.keys(scope).filter((n) => IDENTIFIER.test(n));
  const signal = new Function(...names, `return (${code});`)(...names.map((n) => scope[n])) as Signal;
  // Bound here, to a runtime of its own: left pending, its helpers would be bound by the next
  // register of whatever runtime comes next, and claim memory there.
  runtimeFor(options).register('probe', signal, { fadeSeconds: 0 });
  return signal;
}
