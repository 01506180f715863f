import { describe, expect, it } from 'vitest';
import { takeConnection } from './connection.js';

function page(hash: string) {
  const store = new Map<string, string>();
  const location = { hash, pathname: '/', search: '' } as Location;
  const replaced: string[] = [];
  const history = { state: null, replaceState: (_s: unknown, _t: string, url: string) => replaced.push(url) } as unknown as History;
  const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) } as Storage;
  return { location, history, storage, replaced };
}

describe('the connection handed over in the fragment', () => {
  it('is read, then stripped from the address (other fields stay), and kept for this tab', () => {
    const p = page('#port=7770&token=abc123&code=xyz');
    expect(takeConnection(p.location, p.history, p.storage)).toEqual({ port: 7770, token: 'abc123' });
    expect(p.replaced).toEqual(['/#code=xyz']);
    const reload = page('');
    reload.storage.setItem('aither.server', p.storage.getItem('aither.server')!);
    expect(takeConnection(reload.location, reload.history, reload.storage)).toEqual({ port: 7770, token: 'abc123' });
  });

  it('is refused when malformed', () => {
    for (const hash of ['#port=0&token=abc', '#port=7770', '#port=7770&token=<script>', '#port=99999&token=ab']) {
      const p = page(hash);
      expect(takeConnection(p.location, p.history, p.storage)).toBeUndefined();
      expect(p.replaced).toEqual([]);
    }
  });
});
