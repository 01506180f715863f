import { parse } from 'acorn';
import { restorePending, takePending } from './binding.js';
import type { Runtime } from './runtime.js';
import type { Registry } from './registry.js';
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
  /** Signals fading out because the session no longer registers them (or stopped them). */
  removed: string[];
  /** Things the session did that changed nothing but are worth a look, e.g. `stop('typo')`. */
  warnings: string[];
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
  (
    'break case catch class const continue debugger default delete do else enum export extends false finally for function if import in ' +
    'instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface package ' +
    'private protected public await arguments eval'
  ).split(' '),
);
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * Where V8 puts body line 1 of `new Function(...)`: measured, not assumed, so
 * that a different engine's header does not shift reported lines (NaN where
 * stacks do not say: no line is reported there). Measured at each session
 * error, a compile of a few characters.
 */
function lineOffset(): number {
  let probe: unknown;
  try {
    new Function(wrap('throw new Error()'))();
  } catch (error) {
    probe = error;
  }
  return position(probe).line - 1;
}

/** The block lets session `const osc = ...` shadow an installed `osc` parameter. */
function wrap(code: string): string {
  return `{\n${code}\n}`;
}

/** The line and column of the first code of `new Function(...)` in the stack of `error`; NaN where its stack does not say. */
function position(error: unknown): { line: number; column: number } {
  const stack = error instanceof Error ? error.stack : undefined;
  const match = /<anonymous>:(\d+):(\d+)/.exec(String(stack));
  return { line: Number(match?.[1]), column: Number(match?.[2]) };
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
export function evaluateSession(rt: Runtime, registry: Registry, code: string, options: EvaluateOptions = {}): EvaluateResult {
  const mode = options.mode ?? 'session';
  if (mode !== 'session' && mode !== 'snippet') throw new TypeError(`evaluate: mode must be 'session' or 'snippet', got ${String(mode)}`);
  const run = compileSession(rt, code);
  const tx = registry.begin(false);
  const host = takePending(); // the host's helpers, built for its next register: not the session's
  let open = true;
  /** A verb the session calls after it returned (from a timer): its own transaction; a failure is reported, not thrown into the timer. */
  const late = (verb: string, name: unknown, act: () => void): void => {
    try {
      act();
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      rt.report(typeof name === 'string' ? name : '', 'rejected', new Error(`${verb}: ${why}`, { cause: error }), rt.frame);
    }
  };
  const stager =
    (verb: Parameters<Registry['stageVerb']>[1]) =>
    (...args: unknown[]) => {
      if (open) return registry.stageVerb(tx, verb, args);
      late(verb, args[0], () => direct(rt, verb, args));
    };
  const verbs: Record<string, unknown> = {
    register: (name: string, fn: Signal, opts?: RegisterOptions) => {
      if (open) return registry.stageRegister(tx, name, fn, opts?.channels, opts?.fadeSeconds);
      late('register', name, () => rt.register(name, fn, opts));
    },
    play: (name: string, fn: Signal, fadeSeconds?: number) => {
      if (open) return registry.stageRegister(tx, name, fn, undefined, fadeSeconds);
      late('play', name, () => rt.play(name, fn, fadeSeconds));
    },
    list: () => (open ? registry.list() : rt.list()),
  };
  for (const verb of ['stop', 'unregister', 'mute', 'unmute', 'solo', 'unsolo', 'clear'] as const) verbs[verb] = stager(verb);

  const scope = new Map<string, unknown>(rt.installed());
  for (const [name, value] of Object.entries(verbs)) scope.set(name, value);
  // The session's line is found in the stack of what it threw, however deep in the runtime
  // (a claim, a pool that grows) that was: V8 keeps 10 frames by default.
  const stackLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = Math.max(stackLimit, 200);
  try {
    run.fn(...run.names.map((n) => scope.get(n)));
  } catch (error) {
    registry.rollback(tx);
    restorePending(host);
    throw sessionError(error, rt);
  } finally {
    open = false;
    Error.stackTraceLimit = stackLimit;
  }
  takePending(); // built after the last register: bound by no signal now (one that reaches it later binds it)
  restorePending(host);
  try {
    registry.reserve(tx);
  } catch (error) {
    registry.rollback(tx);
    throw sessionError(error, rt);
  }

  const before = new Set(registry.list());
  registry.commit(tx, mode === 'session');
  const after = new Set(registry.list());
  return { registered: [...tx.registered], removed: [...before].filter((n) => !after.has(n)), warnings: tx.warnings };
}

/** A verb of session code called after the session returned: what the host's own call would do. */
function direct(rt: Runtime, verb: string, args: unknown[]): void {
  const [a, b] = args as [never, never];
  switch (verb) {
    case 'stop':
    case 'unregister':
      rt.stop(a, b);
      return;
    case 'mute':
      return rt.mute(a, b);
    case 'unmute':
      return rt.unmute(a, b);
    case 'solo':
      return rt.solo(a, b);
    case 'unsolo':
      return rt.unsolo(a);
    case 'clear':
      return rt.clear(a);
  }
}

/**
 * The session as a function of the scope's names; a SessionError with line and
 * column when it does not compile. The engine compiles it first (a fraction of a
 * millisecond); only code it refuses is parsed again, to say where.
 */
function compileSession(rt: Runtime, code: string): { fn: (...args: unknown[]) => unknown; names: string[] } {
  const names = [...new Set([...rt.installed().keys(), ...VERBS])].filter((n) => IDENTIFIER.test(n) && !RESERVED.has(n));
  try {
    return { fn: new Function(...names, wrap(code)) as (...args: unknown[]) => unknown, names };
  } catch (error) {
    throw syntaxError(code, error);
  }
}

/** Where and why the engine refused `code`: the parser's error, with line and column. */
function syntaxError(code: string, refusal: unknown): SessionError {
  try {
    parse(code, PARSE);
  } catch (error) {
    // acorn raises all it refuses, its own stack overflow included, as a SyntaxError with `loc`.
    const { loc, message } = error as SyntaxError & { loc: { line: number; column: number } };
    const text = message.replace(/ \(\d+:\d+\)$/, '');
    return new SessionError(`Syntax error at line ${loc.line}, column ${loc.column + 1}: ${text}`, loc.line, loc.column + 1, { cause: error });
  }
  // The parser accepts it but the engine does not (a regular expression feature this
  // engine lacks): find the part it refuses, for a line and column.
  const at = refusedAt(code);
  const text = refusal instanceof Error ? `${refusal.name}: ${refusal.message}` : String(refusal);
  return new SessionError(`Syntax error at line ${at.line}, column ${at.column}: ${text}. Nothing was changed.`, at.line, at.column, { cause: refusal });
}

/** How session code is parsed: a script (the default) that may return at its top level; the nodes' locations are kept. */
const PARSE = { ecmaVersion: 'latest', allowReturnOutsideFunction: true, locations: true } as const;

const VERBS = ['register', 'play', 'list', 'stop', 'unregister', 'mute', 'unmute', 'solo', 'unsolo', 'clear'];

/** Where in `code` the engine's compile error lies: the first regular expression it refuses, else the first statement it cannot compile. */
function refusedAt(code: string): { line: number; column: number } {
  const ast = parse(code, PARSE) as unknown as AstNode & { body: AstNode[] };
  let found: AstNode | undefined;
  // Every object and array of the tree is visited (an array's keys are its indices); only a regular expression literal has `regex`.
  const visit = (node: unknown): void => {
    if (found || !node || typeof node !== 'object') return;
    const n = node as AstNode;
    if (n.regex) {
      try {
        new RegExp(n.regex.pattern, n.regex.flags);
      } catch {
        found = n;
        return;
      }
    }
    for (const key of Object.keys(n)) visit((n as unknown as Record<string, unknown>)[key]);
  };
  visit(ast);
  if (!found) {
    found = ast.body.find((statement) => {
      try {
        new Function(code.slice(statement.start, statement.end));
        return false;
      } catch {
        return true;
      }
    });
  }
  const loc = found?.loc.start ?? { line: 1, column: 0 };
  return { line: loc.line, column: loc.column + 1 };
}

interface AstNode {
  type: string;
  start: number;
  end: number;
  loc: { start: { line: number; column: number } };
  regex?: { pattern: string; flags: string };
}

/** A failure of the session's code as a SessionError with the user's line and column. */
function sessionError(error: unknown, rt: Runtime): SessionError {
  const at = position(error);
  const line = at.line - lineOffset();
  // NaN where the stack does not say; below 1 where the first code of `new Function` in it is not the session's.
  const known = line >= 1;
  const where = known ? ` at line ${line}, column ${at.column}` : '';
  const text = describe(error, rt);
  // Errors of the runtime's own (exhaustion) already say that nothing changed.
  const tail = /Nothing was changed/.test(text) ? '' : '. Nothing was changed.';
  return new SessionError(`Session error${where}: ${text}${tail}`, known ? line : undefined, known ? at.column : undefined, { cause: error });
}
