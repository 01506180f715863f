/**
 * Whether a kernel's step (or prepare), `(m, o, s, a, ...) => ...`, may
 * compute something different in each channel from the same inputs and
 * state: it reads `s.ch`, or uses its context `s` otherwise than reading a
 * field every channel shares (hands `s` to a function, reads `s.state`), or
 * reads `arguments`. Read from its source; when its parameters cannot be read
 * (destructured, a rest parameter), true: a helper taken as per-channel by
 * mistake is only computed more often, one taken as mono by mistake would
 * sound wrong.
 */
export function readsChannel(fn: (...args: never[]) => unknown): boolean {
  let known = cache.get(fn);
  if (known === undefined) {
    known = fromSource(Function.prototype.toString.call(fn));
    cache.set(fn, known);
  }
  return known;
}

/** Fields of the context that are the same in every channel of a frame. */
const SHARED = new Set(['sr', 'dt', 't', 'frame', 'channels', 'name']);

const cache = new WeakMap<object, boolean>();

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

function fromSource(source: string): boolean {
  const head = /^[^(]*\(([^)]*)\)/.exec(source);
  if (!head) return true;
  const params = head[1]!.split(',').map((p) => p.trim().replace(/\s*=[\s\S]*$/, ''));
  const body = source.slice(head[0].length);
  if (params.some((p, k) => k <= 2 && !IDENTIFIER.test(p) && p !== '')) return true;
  if (/(?<![\w$.])arguments(?![\w$])/.test(body)) return true;
  const s = params[2];
  if (!s) return false;
  const uses = new RegExp(`(?<![\\w$.])${s.replace(/\$/g, '\\$')}(?![\\w$])`, 'g');
  for (const use of body.matchAll(uses)) {
    const field = /^\s*\.\s*([A-Za-z_$][\w$]*)/.exec(body.slice(use.index + s.length));
    if (!field || !SHARED.has(field[1]!)) return true;
  }
  return false;
}
