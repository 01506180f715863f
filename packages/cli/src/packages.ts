import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Helper packages the command knows of, so that a session using one that is not loaded is told which. */
export const KNOWN_PACKAGES: Record<string, string[]> = { '@aither/helpers-physical': ['pluck', 'bell'] };

/** A helper package that could not be loaded, and why. */
export class PackageError extends Error {
  override name = 'PackageError';
}

function looksLikePath(spec: string): boolean {
  return spec.startsWith('.') || isAbsolute(spec) || spec.includes('\\') || /\.[cm]?js$/.test(spec);
}

/** The ESM entry a package folder declares: `exports['.']` (import, node or default condition), else `main`, else index.js. */
function entryOf(folder: string): string {
  const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as { exports?: unknown; main?: string };
  let target: unknown = manifest.exports;
  if (target && typeof target === 'object' && '.' in target) target = (target as Record<string, unknown>)['.'];
  for (let depth = 0; target && typeof target === 'object' && depth < 4; depth++) {
    const conditions = target as Record<string, unknown>;
    target = conditions.import ?? conditions.node ?? conditions.default;
  }
  return join(folder, typeof target === 'string' ? target : (manifest.main ?? 'index.js'));
}

/** Where `spec` points, tried as a user means it: a path (folder or entry file), else a package name from each base folder in turn. */
export function locate(spec: string, bases: string[]): string {
  if (looksLikePath(spec) || existsSync(spec)) {
    const path = resolve(spec);
    if (!existsSync(path)) throw new PackageError(`${spec}: no such file or folder (${path})`);
    if (!statSync(path).isDirectory()) return path;
    if (!existsSync(join(path, 'package.json'))) throw new PackageError(`${spec}: the folder has no package.json`);
    const entry = entryOf(path);
    if (!existsSync(entry)) throw new PackageError(`${spec}: its package.json names ${entry}, which does not exist; build it first?`);
    return entry;
  }
  const tried: string[] = [];
  for (const base of [...bases, import.meta.dirname]) {
    try {
      return createRequire(join(base, 'noop.js')).resolve(spec);
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code !== 'MODULE_NOT_FOUND') throw new PackageError(`${spec}: ${(error as Error).message.split('\n')[0]}`);
      tried.push(base);
    }
  }
  throw new PackageError(`${spec}: no such package installed in ${tried.slice(0, -1).join(' or ')} (nor with aither); install it there or give its folder`);
}

/**
 * Loads a helper package for `--with`: a package name (from the session's
 * folder, then the working directory), a folder, or a path to its entry. A
 * package that cannot be loaded says why (not found, no entry, an error while loading).
 */
export async function loadPackage(spec: string, bases: string[]): Promise<Record<string, unknown>> {
  const entry = locate(spec, bases);
  try {
    return (await import(pathToFileURL(entry).href)) as Record<string, unknown>;
  } catch (error) {
    throw new PackageError(`${spec}: loading ${entry} failed: ${(error as Error).message.split('\n')[0]}`);
  }
}
