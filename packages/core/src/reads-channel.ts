import { tokenizer, tokTypes as tt, type Token as AcornToken } from 'acorn';

/** A token with its text, as acorn's tokenizer yields it. */
type Token = AcornToken & { readonly value?: unknown };

/**
 * Whether a kernel's step (or prepare), `(m, o, s, a, ...) => ...`, may
 * compute something different in each channel from the same inputs and
 * state: it reads `s.ch`, or uses its context `s` otherwise than reading a
 * field every channel shares (hands `s` to a function, reads `s.state`), or
 * reads `arguments`. Read from its source; when its parameters cannot be read
 * (destructured, a rest parameter, a bound function), true: a helper taken as per-channel by
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

function fromSource(source: string): boolean {
  // A bound or native function shows no source to read.
  if (source.includes('[native code]')) return true;
  let tokens: Token[];
  try {
    tokens = [...tokenizer(source, { ecmaVersion: 'latest' })];
  } catch {
    return true;
  }
  const split = paramsOf(tokens);
  if (!split) return true;
  const [params, from] = split;
  if (params.slice(0, 3).some((p) => p.length > 1 || (p.length === 1 && p[0]!.type !== tt.name))) return true;
  const s = params[2]?.[0]?.value as string | undefined;
  for (let i = from; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.type !== tt.name || tokens[i - 1]?.type === tt.dot || tokens[i - 1]?.type === tt.questionDot) continue;
    if (t.value === 'arguments') return true;
    if (t.value !== s) continue;
    const field = tokens[i + 2];
    if (tokens[i + 1]?.type !== tt.dot || field?.type !== tt.name || !SHARED.has(field.value as string)) return true;
  }
  return false;
}

/** The parameters (each its tokens, up to a default's `=`) and the index of the body's first token; null when unreadable. */
function paramsOf(tokens: readonly Token[]): [Token[][], number] | null {
  // `x => ...`: one parameter, no parentheses.
  if (tokens[0]?.type === tt.name && tokens[1]?.type === tt.arrow) return [[[tokens[0]]], 2];
  const open = tokens.findIndex((t) => t.type === tt.parenL);
  if (open < 0) return null;
  const params: Token[][] = [[]];
  let depth = 0;
  let defaulted = false;
  for (let i = open + 1; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.type === tt.parenL || t.type === tt.bracketL || t.type === tt.braceL || t.type === tt.dollarBraceL) depth++;
    else if (t.type === tt.parenR || t.type === tt.bracketR || t.type === tt.braceR) {
      if (depth === 0) return [params.length === 1 && params[0]!.length === 0 ? [] : params, i + 1];
      depth--;
    }
    if (depth === 0 && t.type === tt.comma) {
      params.push([]);
      defaulted = false;
      continue;
    }
    if (depth === 0 && t.type === tt.eq) defaulted = true;
    if (!defaulted) params[params.length - 1]!.push(t);
  }
  return null;
}
