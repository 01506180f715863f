import { readFileSync } from 'node:fs';
import { formatReply } from '@aither/host';
import { sendCode } from '../client.js';
import { Terminal } from '../terminal.js';

/** `aither send [file]`: a file or standard input to the running server, as a snippet (or `--session`); prints `ok` or the error with its line. */
export async function send(options: { file?: string; session: boolean; connection?: string }, term = new Terminal()): Promise<number> {
  const code = options.file ? readFileSync(options.file, 'utf8') : readFileSync(0, 'utf8');
  const reply = await sendCode(code, options.session ? 'session' : 'snippet', options.connection);
  if (reply.ok) {
    term.info(`ok${reply.registered.length ? ` (${reply.registered.join(', ')})` : ''}`);
    for (const warning of reply.warnings) term.info(`warning: ${warning}`);
    return 0;
  }
  term.error(formatReply(options.file ?? 'stdin', reply));
  return 1;
}
