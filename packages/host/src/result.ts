import { SessionError, type EvaluateOptions, type Runtime } from '@aither/core';

/** What an evaluation came to, in a shape every venue can send on (plain data). */
export type EvaluateReply = { ok: true; registered: string[]; removed: string[]; warnings: string[] } | { ok: false; message: string; line?: number; column?: number };

/**
 * Evaluates `code` and says how it went instead of throwing: a session error
 * (syntax, a bad verb, a throw at the top level) comes back with its line and
 * column, and the runtime plays on exactly as before. Anything else that is
 * thrown is the engine's own fault and is thrown on.
 *
 * @example
 * ```ts
 * evaluateReply(runtime, "play('a', osc(440)"); // { ok: false, message: '...', line: 1, column: 18 }
 * ```
 */
export function evaluateReply(runtime: Runtime, code: string, mode: EvaluateOptions['mode'] = 'session'): EvaluateReply {
  try {
    const { registered, removed, warnings } = runtime.evaluate(code, { mode });
    return { ok: true, registered, removed, warnings };
  } catch (error) {
    if (!(error instanceof SessionError)) throw error;
    const reply: EvaluateReply = { ok: false, message: error.message };
    if (error.line !== undefined) reply.line = error.line;
    if (error.column !== undefined) reply.column = error.column;
    return reply;
  }
}

/** `file:line:col: message` (or `file: message` when there is no position), as compilers print. */
export function formatReply(file: string, reply: EvaluateReply): string {
  if (reply.ok) return `${file}: ok (${reply.registered.join(', ') || 'no signals'})`;
  const at = reply.line !== undefined ? `:${reply.line}${reply.column !== undefined ? `:${reply.column}` : ''}` : '';
  return `${file}${at}: ${reply.message}`;
}
