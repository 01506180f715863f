import { parse } from 'acorn';
import { takePending } from './binding.js';
import type { Runtime } from './runtime.js';
import { Transaction } from './transaction.js';
import type { RegisterOptions, Signal } from './types.js';

export interface EvaluateOptions {
  /**
   * `'session'` (default): the code is the whole piece; signals it does not
   * register fade out and are freed. `'snippet'`: adds or replaces only.
   */
  mode?: 'session' | 'snippet';
}

export interface EvaluateResult {
  /** Signals the code registered. */
  registered: string[];
  /** Signals fading out because the session no longer registers them. */
  removed: string[];
}

/** A session that could not run; nothing was changed. */
export class SessionError extends Error {
  constructor(
    message: string,
    /** 1-based line in the session code, when known. */
    readonly line?: number,
    /** 1-based column, when known. */
    readonly column?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SessionError';
  }
}

const RESERVED = new Set(
  ('break case catch class const continue debugger default delete do else enum export extends false finally for function if import in ' +
    'instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface package ' +
    'private protected public await arguments eval').split(' '),
);
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * Where V8 puts body line 1 of `new Function(...)`: measured, not assumed, so
 * that a different engine's header does not shift reported lines.
 */
let bodyLineOffset: number | undefined;
function lineOffset(): number {
  if (bodyLineOffset === undefined) {
    bodyLineOffset = 3;
    try {
      new Function('a', 'b', wrap('throw new Error()'))();
    } catch (error) {
      const at = position(error);
      if (at) bodyLineOffset = at.line - 1;
    }
  }
  return bodyLineOffset;
}

/** The block lets session `const osc = ...` shadow an installed `osc` parameter. */
function wrap(code: string): string {
  return `{\n${code}\n}`;
}

function position(error: unknown): { line: number; column: number } | undefined {
  const stack = error instanceof Error ? error.stack : undefined;
  const match = stack && /<anonymous>:(\d+):(\d+)/.exec(stack);
  return match ? { line: Number(match[1]), column: Number(match[2]) } : undefined;
}

function describe(error: unknown, rt: Runtime): string {
  if (error instanceof ReferenceError) {
    const name = /^(\S+) is not defined/.exec(error.message)?.[1];
    if (name) {
      const provider = rt.providerOf(name);
      return provider
        ? `${error.message}: '${name}' comes from ${provider}, which is not installed in this runtime (install it: runtime.install(await import('${provider}')), or the host's helper-package option)`
        : `${error.message}: '${name}' is neither declared in the session nor installed (is its helper package installed?)`;
    }
  }
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/**
 * Runs session code with `register`, `play`, the other verbs, `pipe` and every
 * installed helper in scope. A syntax error, a top-level throw or a claim that
 * does not fit throws a {@link SessionError} with line and column and changes
 * nothing: the previous code keeps playing with its state.
 */
export function evaluateSession(rt: Runtime, code: string, options: EvaluateOptions = {}): EvaluateResult {
  const mode = options.mode ?? 'session';
  if (mode !== 'session' && mode !== 'snippet') throw new TypeError(`evaluate: mode must be 'session' or 'snippet', got ${String(mode)}`);
  try {
    parse(code, { ecmaVersion: 'latest', sourceType: 'script', allowReturnOutsideFunction: true, locations: true });
  } catch (error) {
    const loc = (error as { loc?: { line: number; column: number } }).loc;
    const text = error instanceof Error ? error.message.replace(/ \(\d+:\d+\)$/, '') : String(error);
    if (!loc) throw new SessionError(`Syntax error: ${text}`);
    throw new SessionError(`Syntax error at line ${loc.line}, column ${loc.column + 1}: ${text}`, loc.line, loc.column + 1, { cause: error });
  }

  const tx = new Transaction(false);
  const verbs: Record<string, unknown> = {
    register: (name: string, fn: Signal, opts?: RegisterOptions) => rt.registry.stage(tx, name, fn, opts?.channels, opts?.fadeSeconds),
    play: (name: string, fn: Signal, fadeSeconds?: number) => rt.registry.stage(tx, name, fn, undefined, fadeSeconds),
    list: () => rt.list(),
  };
  const later = (run: () => void) => tx.ops.push({ kind: 'call', run });
  verbs.unregister = (name: string) => later(() => rt.unregister(name));
  verbs.stop = (name: string, fade?: number) => later(() => rt.stop(name, fade));
  verbs.mute = (name: string, fade?: number) => later(() => rt.mute(name, fade));
  verbs.unmute = (name: string, fade?: number) => later(() => rt.unmute(name, fade));
  verbs.solo = (names: string | string[], fade?: number) => later(() => rt.solo(names, fade));
  verbs.unsolo = (fade?: number) => later(() => rt.unsolo(fade));
  verbs.clear = (fade?: number) => later(() => rt.clear(fade));

  const scope = new Map<string, unknown>(rt.installed());
  for (const [name, value] of Object.entries(verbs)) scope.set(name, value);
  const names = [...scope.keys()].filter((n) => IDENTIFIER.test(n) && !RESERVED.has(n));
  const run = new Function(...names, wrap(code)) as (...args: unknown[]) => unknown;

  takePending(); // helpers built outside this evaluation belong to nothing in it
  try {
    run(...names.map((n) => scope.get(n)));
  } catch (error) {
    rt.registry.rollback(tx);
    const at = position(error);
    const line = at ? at.line - lineOffset() : undefined;
    const where = line !== undefined && line >= 1 ? ` at line ${line}, column ${at!.column}` : '';
    const text = describe(error, rt);
    // Errors of the runtime's own (exhaustion) already say that nothing changed.
    const tail = /Nothing was changed/.test(text) ? '' : '. Nothing was changed.';
    throw new SessionError(`Session error${where}: ${text}${tail}`, line, at?.column, { cause: error });
  }
  takePending(); // built after the last register: used by no signal, so bound to none

  const before = new Set(rt.list());
  rt.registry.commit(tx, mode === 'session');
  const after = new Set(rt.list());
  return { registered: [...tx.registered], removed: [...before].filter((n) => !after.has(n)) };
}
