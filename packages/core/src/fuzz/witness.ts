// The two witness signals and their comparison. Runtime B evaluates the
// witness code once and only renders; runtime A evaluates the same text in
// every session-mode evaluation. Whatever else A goes through, the witnesses'
// helper blocks (rings and stamps included) and their `s.state` must stay
// bit-identical to B's, at the offsets where A first placed them.
import type { Runtime } from '../runtime.js';
import { violation } from './violation.js';

/** Compiled: a chain of kernels only. */
const W1 = `register('w1', witness([], wlp(wadd(wmul(wosc(3), 0.3), wmul(wosc(0.7), 0.2)), 0.1)), { channels: 2 });`;
/** A function of the user's own, calling closure helpers and counting in `s.state`. */
const W2 =
  `{ const wa = wprobe(2.5), wb = wsent(3), wc = wint(s => wa(s) - 0.5); ` +
  `register('w2', witness([wa, wb, wc], s => { s.state[0] += 1; s.state[1] = wc(s); return wa(s) * 0.1 + wb(s) + s.state[1] * 0.1; })); }`;

/** The witness code, one statement per line; never changed. */
export const WITNESS_LINES: readonly string[] = [W1, W2];
export const WITNESS_CODE = WITNESS_LINES.join('\n');

const views = new WeakMap<Float64Array, BigUint64Array>();
/** The raw bits of a Float64Array (so NaN and -0 compare exactly). */
export function bits(a: Float64Array): BigUint64Array {
  let v = views.get(a);
  if (!v) {
    v = new BigUint64Array(a.buffer, a.byteOffset, a.length);
    views.set(a, v);
  }
  return v;
}

/** The first slot where two ranges differ, or -1. */
export function firstDifference(a: Float64Array, at: number, b: Float64Array, bt: number, n: number): number {
  const x = bits(a);
  const y = bits(b);
  for (let k = 0; k < n; k++) if (x[at + k] !== y[bt + k]) return k;
  return -1;
}

export class Witnesses {
  /** Keys of the witness blocks, as B laid them out. */
  private readonly keys: string[];
  /** Where A placed each witness block first. */
  private readonly offsets = new Map<string, number>();

  constructor(
    private readonly A: Runtime,
    private readonly B: Runtime,
  ) {
    this.keys = B.liveBlocks().map((b) => b.key);
    if (this.keys.length !== 6) throw new Error(`fuzzer: expected the witnesses' blocks in B, got ${this.keys.join(', ')}`);
    for (const key of this.keys) {
      const found = A.liveBlocks().filter((b) => b.key === key);
      if (found.length !== 1) throw new Error(`fuzzer: A's first evaluation of the witnesses has ${found.length} blocks '${key}'`);
      this.offsets.set(key, found[0]!.at);
    }
  }

  check(): void {
    const { A, B } = this;
    for (const name of ['w1', 'w2']) {
      if (!A.list().includes(name)) violation(`witness '${name}' is not playing in A (list: ${A.list().join(', ')})`);
      const ra = A.debug().registry.records.get(name);
      const rb = B.debug().registry.records.get(name)!;
      if (!ra) violation(`witness '${name}' has no record in A`);
      if (ra.faulted) violation(`witness '${name}' faulted in A`);
      const k = firstDifference(ra.state, 0, rb.state, 0, rb.state.length);
      if (k >= 0) violation(`witness '${name}': s.state[${k}] is ${ra.state[k]} in A, ${rb.state[k]} in the untouched copy`);
    }
    const aBlocks = A.liveBlocks();
    const bBlocks = B.liveBlocks();
    for (const key of this.keys) {
      const found = aBlocks.filter((b) => b.key === key);
      if (found.length !== 1) violation(`witness block '${key}': ${found.length} live blocks with that key in A`);
      const a = found[0]!;
      const b = bBlocks.find((x) => x.key === key)!;
      if (a.at !== this.offsets.get(key)) violation(`witness block '${key}' moved in A: at ${this.offsets.get(key)}, now ${a.at}`);
      if (a.size !== b.size) violation(`witness block '${key}': size ${a.size} in A, ${b.size} in the untouched copy`);
      const k = firstDifference(A.debug().helperPool.memory, a.at, B.debug().helperPool.memory, b.at, b.size);
      if (k >= 0) {
        violation(
          `witness block '${key}' differs from the untouched copy at slot ${k} of ${b.size}: ` +
            `${A.debug().helperPool.memory[a.at + k]} in A, ${B.debug().helperPool.memory[b.at + k]} in B`,
        );
      }
    }
  }
}
