/**
 * The copies of this package loaded in one JavaScript realm. A helper package
 * that brings its own copy of core (a bundled or linked dependency, Node's
 * `--preserve-symlinks`) builds helpers the engine's copy cannot bind: each copy
 * has its own private symbols. Each copy records where it was loaded from on
 * `globalThis`, so the error can name both.
 */

const COPIES_KEY = Symbol.for('aither.core.copies');

/** Where this copy was loaded from: its module URL, when the build kept one. */
const HERE: string = typeof import.meta.url === 'string' && import.meta.url !== '' ? import.meta.url : 'a bundled copy';

function registry(): string[] {
  const g = globalThis as unknown as Record<symbol, string[] | undefined>;
  let list = g[COPIES_KEY];
  if (!list) {
    list = [];
    g[COPIES_KEY] = list;
  }
  return list;
}

registry().push(HERE);

/** The message for a helper built by one copy of core and bound by another. */
export function twoCopiesMessage(): string {
  const list = registry();
  const others = list.filter((where, i) => where !== HERE || list.indexOf(where) !== i);
  const engine = others[0] ?? 'another copy';
  return (
    `two copies of @aither/core are loaded: ${engine} and ${HERE}; a helper package must depend on core as a peer ` +
    `("peerDependencies"), so that its helpers and the engine share one copy. Nothing was changed.`
  );
}
