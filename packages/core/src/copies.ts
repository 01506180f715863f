/**
 * The copies of this package loaded in one JavaScript realm. A helper package
 * that brings its own copy of core (a bundled or linked dependency, Node's
 * `--preserve-symlinks`) builds helpers the engine's copy cannot bind: each copy
 * has its own private symbols. Each copy records where it was loaded from on
 * `globalThis`, so the error can name both.
 */

const COPIES_KEY = Symbol.for('aither.core.copies');

/** How a copy is named from its `import.meta.url`: the URL, when the build kept one. */
export function copyName(url: unknown): string {
  return typeof url === 'string' && url !== '' ? url : 'a bundled copy';
}

/** Where this copy was loaded from. */
const HERE = copyName(import.meta.url);

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
