// Where a server venue is: `aither serve` prints the playground's address
// with its port and token in the fragment (`#port=7770&token=...`), which the
// browser never sends to any server. The page reads it once, strips it from
// the address bar and the history (so it is not bookmarked, shared or
// screenshotted), and keeps it for this tab only.
export interface ServerConnection {
  port: number;
  token: string;
}

const KEY = 'aither.server';

function parse(fragment: string): ServerConnection | undefined {
  const params = new URLSearchParams(fragment.replace(/^#/, ''));
  const port = Number(params.get('port'));
  const token = params.get('token');
  if (!token || !/^[0-9a-f]+$/i.test(token) || !Number.isInteger(port) || port <= 0 || port > 65535) return undefined;
  return { port, token };
}

/** Takes the connection out of the address's fragment (then strips those fields), or the one this tab kept. */
export function takeConnection(location: Location, history: History, storage: Storage): ServerConnection | undefined {
  const found = parse(location.hash);
  if (found) {
    const rest = new URLSearchParams(location.hash.replace(/^#/, ''));
    rest.delete('port');
    rest.delete('token');
    const left = rest.toString();
    history.replaceState(history.state, '', `${location.pathname}${location.search}${left ? `#${left}` : ''}`);
    storage.setItem(KEY, JSON.stringify(found));
    return found;
  }
  try {
    const kept = JSON.parse(storage.getItem(KEY) ?? 'null') as ServerConnection | null;
    return kept && typeof kept.port === 'number' && typeof kept.token === 'string' ? kept : undefined;
  } catch {
    return undefined;
  }
}
