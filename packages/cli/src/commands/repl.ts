import { mkdirSync } from 'node:fs';
import { appendFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parse } from 'acorn';
import { formatReply } from '@aither/host';
import { sendCode } from '../client.js';
import { Terminal } from '../terminal.js';
import { serverDir } from '../token.js';

/** Whether `code` ends before its statement does (an open bracket, string or template): keep reading lines. */
export function incomplete(code: string): boolean {
  try {
    parse(code, { ecmaVersion: 'latest', sourceType: 'script', allowReturnOutsideFunction: true });
    return false;
  } catch (error) {
    const pos = (error as { pos?: number }).pos;
    return pos !== undefined && pos >= code.trimEnd().length;
  }
}

/**
 * `aither repl`: a prompt to the running server. Each complete input (one
 * line, or several while brackets are open) is sent as a snippet; prints
 * `ok` or the error at its line. History is kept between runs.
 */
export async function repl(options: { connection?: string }, term = new Terminal()): Promise<number> {
  const dir = serverDir();
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const historyFile = join(dir, 'repl_history');
  const history = (await readFile(historyFile, 'utf8').catch(() => '')).split('\n').filter(Boolean).reverse().slice(0, 500);
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY === true, history, historySize: 500, prompt: 'aither> ' });
  let buffer = '';
  rl.prompt();
  for await (const line of rl) {
    buffer += (buffer ? '\n' : '') + line;
    if (buffer.trim() === '' || incomplete(buffer)) {
      if (buffer.trim() === '') buffer = '';
      rl.setPrompt(buffer ? '......> ' : 'aither> ');
      rl.prompt();
      continue;
    }
    const code = buffer;
    buffer = '';
    await appendFile(historyFile, `${code.replace(/\n/g, ' ')}\n`, { mode: 0o600 });
    try {
      const reply = await sendCode(code, 'snippet', options.connection);
      if (reply.ok) term.info(`ok${reply.registered.length ? ` (${reply.registered.join(', ')})` : ''}`);
      else term.error(formatReply('repl', reply));
    } catch (error) {
      term.error((error as Error).message);
    }
    rl.setPrompt('aither> ');
    rl.prompt();
  }
  return 0;
}
