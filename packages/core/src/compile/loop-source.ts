import { RING } from '../binding.js';

/** What the loop's source is assembled from. */
export interface LoopParts {
  /** How many constants (`c0 ..`) and called functions (`u0 ..`) the loop refers to. */
  readonly constants: number;
  readonly calls: number;
  /** The block's prologue (see `emitPrologue`) and the stores before each return. */
  readonly before: readonly string[];
  readonly store: string;
  /** One frame's code (see `emitFrame`). */
  readonly frame: string;
  /** The signal's value in each channel. */
  readonly outs: readonly string[];
  readonly channels: number;
  /** The runtime's output channels. */
  readonly outputs: number;
  /** Some code may read `s.frame` each frame. */
  readonly clocked: boolean;
}

/**
 * The source of a function of the loop's constants that returns the block
 * runner (see `Runner` in compile.ts).
 *
 * Everything the loop refers to is a const of the enclosing function: V8
 * specialises the loop to this one closure and embeds them as constants (a
 * parameter would be a mutable slot, reloaded and checked every frame).
 * Loops: at a steady gain (nearly always) with no per-frame fade step, into
 * the mix or straight out; and a fading one. The repeated code also keeps V8
 * from inlining the whole loop into the mixer, where it would spend the
 * inlining budget the kernels need (docs/performance.md).
 */
export function loopSource(parts: LoopParts): string {
  return `${prelude(parts.constants, parts.calls, true)}
return ${runner(parts, 'run', true)};`;
}

/**
 * The loop's constants (and the functions it calls) bound as consts of the
 * enclosing function. `viewed`: the memory, mix buffers and context are read
 * from the view `V` at each call (see loop-view.ts); otherwise they are bound
 * here once, from the view as it is when the loop is made.
 */
export function prelude(constants: number, calls: number, viewed: boolean): string {
  return [
    viewed ? 'const view = V, bad = BAD;' : 'const m = V.m, s = V.s, acc = V.acc, out = V.out, bad = BAD;',
    ...Array.from({ length: constants }, (_, i) => `const c${i} = K[${i}];`),
    ...Array.from({ length: calls }, (_, i) => `const u${i} = U[${i}];`),
  ].join('\n');
}

/** The block runner (see `Runner` in compile.ts) as a function expression named `name`; `viewed`: see {@link prelude}. */
export function runner(parts: LoopParts, name: string, viewed: boolean): string {
  const { before, store, frame: compute, outputs, clocked } = parts;
  // `s.frame` is stored every frame only when some code may read it; else only
  // when something throws, for the mixer's report.
  const frame = `const fr = frame0 + f;
      const r = fr & ${RING - 1};
      const a = at + f * ${outputs};
      ${clocked ? 's.frame = fr;' : ''}`;
  return `function ${name}(at, frames, frame0, rec, direct) {
  ${viewed ? 'const m = view.m, acc = view.acc, out = view.out, s = view.s;' : ''}
  const target = rec.target, ramp = rec.ramp;
  let g = rec.gain;
  let f = 0;
  ${before.join('\n  ')}
  try {
    if (g === target) {
      if (!direct) {
        for (f = 0; f < frames; f++) {
          ${frame}
          ${compute}
          ${mix(parts, false)}
        }
      } else {
        for (f = 0; f < frames; f++) {
          ${frame}
          ${compute}
          ${mix(parts, true)}
        }
      }
      ${store}return 0;
    }
    for (f = 0; f < frames; f++) {
      ${frame}
      g = g < target ? Math.min(target, g + ramp) : Math.max(target, g - ramp);
      if (g === 0 && rec.stopping) {
        rec.finished = true;
        rec.gain = g;
        ${store}return -f - 1;
      }
      ${compute}
      if (!direct) {
        ${mix(parts, false)}
      } else {
        ${mix(parts, true)}
      }
    }
  } catch (error) {
    s.frame = frame0 + f;
    ${store}throw error;
  }
  rec.gain = g;
  ${store}return 0;
}`;
}

/**
 * The mix: a mono signal is heard in every output; a wider one fills as many
 * as both have. `direct`: this signal renders last in the chunk, so it also
 * clips the sum and writes the chunk's output (saving the mixer a pass).
 */
function mix({ channels, outputs, outs }: LoopParts, direct: boolean): string {
  const code: string[] = [];
  for (let c = 0; c < outputs; c++) {
    const term = channels === 1 ? 'y' : c < channels ? `${outs[c]} * g` : '';
    if (!direct) {
      if (term) code.push(`acc[a + ${c}] += ${term};`);
    } else {
      code.push(`{ const v = acc[a + ${c}]${term ? ` + ${term}` : ''}; out[a + ${c}] = v > 1 ? 1 : v < -1 ? -1 : v; }`);
    }
  }
  return (channels === 1 ? [`const y = ${outs[0]} * g;`, ...code] : code).join('\n      ');
}
