// Each loaded copy of core records its URL on globalThis, and the two-copies
// message names another copy than the one that reads it. The module is imported
// here only inside the tests, after `vi.resetModules()`, so that every load is
// a fresh copy and a load that throws fails its test.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const KEY = Symbol.for('aither.core.copies');
const g = globalThis as unknown as Record<symbol, string[] | undefined>;
const here = new URL('./copies.ts', import.meta.url).href;
const load = async () => {
  vi.resetModules();
  return (await import('./copies.js')) as typeof import('./copies.js');
};
const message = (engine: string) =>
  `two copies of @aither/core are loaded: ${engine} and ${here}; a helper package must depend on core as a peer ` +
  '("peerDependencies"), so that its helpers and the engine share one copy. Nothing was changed.';

describe('the copies of core in this realm', () => {
  let saved: string[] | undefined;
  beforeEach(() => {
    saved = g[KEY];
    delete g[KEY];
  });
  afterEach(() => {
    g[KEY] = saved;
  });

  it('the first copy creates the list under its global symbol, each later copy adds its URL to it', async () => {
    await load();
    const list = g[KEY];
    expect(list).toEqual([here]);
    await load();
    expect(g[KEY]).toBe(list);
    expect(list).toEqual([here, here]);
  });

  it('the message names the first other copy, the same URL loaded twice, or another copy when none is recorded', async () => {
    const { twoCopiesMessage } = await load();
    g[KEY]!.push('file:///app/node_modules/@aither/core/dist/index.js', 'file:///third/index.js');
    expect(twoCopiesMessage()).toBe(message('file:///app/node_modules/@aither/core/dist/index.js'));
    g[KEY] = [here, here];
    expect(twoCopiesMessage()).toBe(message(here));
    g[KEY] = [here];
    expect(twoCopiesMessage()).toBe(message('another copy'));
  });

  it('a copy is named by its module URL, or as a bundled copy when the build left none', async () => {
    const { copyName } = await load();
    expect(copyName('file:///a/copies.js')).toBe('file:///a/copies.js');
    for (const url of ['', undefined, 5]) expect(copyName(url)).toBe('a bundled copy');
  });
});
