import { randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where `aither serve` leaves its address and token: `$XDG_RUNTIME_DIR/aither` (a per-user tmpfs), else `~/.aither`. */
export function serverDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.AITHER_DIR ?? (env.XDG_RUNTIME_DIR ? join(env.XDG_RUNTIME_DIR, 'aither') : join(homedir(), '.aither'));
}

/** What a client needs to reach the server. */
export interface Connection {
  port: number;
  token: string;
  pid: number;
}

/** The connection file's path. */
export function connectionFile(dir = serverDir()): string {
  return join(dir, 'server.json');
}

/** A fresh random token: 192 bits, hex. */
export function newToken(): string {
  return randomBytes(24).toString('hex');
}

/**
 * Writes the file that holds the server's port and token, readable by this
 * user only (the folder 0700, the file 0600): no other local user can read
 * it, and no web page can guess the token.
 */
export function writeConnection(connection: Connection, dir = serverDir()): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const file = connectionFile(dir);
  writeFileSync(file, JSON.stringify(connection), { mode: 0o600 });
  chmodSync(file, 0o600);
  return file;
}

/** Reads the connection file, refusing one that others could read (its token would not be secret). */
export function readConnection(file = connectionFile()): Connection {
  if (!existsSync(file)) throw new Error(`no server: ${file} does not exist (start one with \`aither serve\`)`);
  const mode = statSync(file).mode & 0o777;
  if (mode & 0o077) throw new Error(`${file} is readable by other users (mode ${mode.toString(8)}): refusing its token; restart \`aither serve\``);
  return JSON.parse(readFileSync(file, 'utf8')) as Connection;
}

/** Whether `given` is the token, compared in constant time. */
export function sameToken(given: string | undefined, token: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}
