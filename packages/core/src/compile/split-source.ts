import { RING } from '../binding.js';
import { type LoopParts, prelude, runner } from './loop-source.js';
import type { Prologue } from './prologue.js';

/** One stage before the last: its prologue, one frame's code, and the values it passes on. */
export interface StageParts {
  readonly prologue: Prologue;
  /** Its kernels' code for one frame, reads of earlier stages' values first. */
  readonly frame: string;
  /** Values later stages read: stored into the scratch space at the end of each frame. */
  readonly writes: ReadonlyArray<readonly [string, number]>;
}

/** A value of an earlier stage, read from the scratch space at the start of a frame. */
export function readsOf(reads: ReadonlyArray<readonly [string, number]>): string[] {
  return reads.map(([name, at]) => `const ${name} = xs[${at} + f];`);
}

/**
 * The source of a signal split into loops (see split.ts): each stage before
 * the last a function that computes its kernels over the block and leaves the
 * values later stages read in the scratch space `xs` (RING doubles each); the
 * last the usual block runner (gain, fades, NaN guards, the mix) named
 * `last`; and `run`, which calls them in order.
 *
 * The stages run as many frames as the last will compute: all of them, or up
 * to the frame where a stopping fade ends (found first, by the fade loop's own
 * arithmetic). When a stage throws at frame f, the later ones still compute
 * the frames before f, so the mix holds what the single loop would have added
 * before it threw; an earlier throw of theirs (or a non-finite value) is the
 * one reported, as in the single loop.
 */
export function splitSource(stages: readonly StageParts[], last: LoopParts): string {
  const { constants, clocked } = last;
  const fns = stages.map((st, k) => stageSource(st, k, clocked));
  const calls = stages.map((_, k) => `try { stage${k}(n, frame0); } catch (e) { n = s.frame - frame0; error = e; thrown = true; }`);
  return `${prelude(constants, 0, false)}
const xs = X;
${fns.join('\n')}
${runner(last, 'last', false)}
return function run(at, frames, frame0, rec, direct) {
  let n = frames;
  if (rec.stopping && rec.gain !== rec.target) {
    const target = rec.target, ramp = rec.ramp;
    let g = rec.gain;
    for (let f = 0; f < frames; f++) {
      g = g < target ? Math.min(target, g + ramp) : Math.max(target, g - ramp);
      if (g === 0) { n = f; break; }
    }
  }
  let error = null, thrown = false;
  ${calls.join('\n  ')}
  if (!thrown) return last(at, frames, frame0, rec, direct);
  const done = last(at, n, frame0, rec, direct);
  if (done !== 0) return done;
  s.frame = frame0 + n;
  throw error;
};`;
}

/** One stage before the last: its kernels over `frames` frames from `frame0`, its values passed on. */
function stageSource({ prologue, frame, writes }: StageParts, k: number, clocked: boolean): string {
  const { before, store } = prologue;
  const pass = writes.map(([name, at]) => `xs[${at} + f] = ${name};`).join(' ');
  return `function stage${k}(frames, frame0) {
  let f = 0;
  ${before.join('\n  ')}
  try {
    for (f = 0; f < frames; f++) {
      const fr = frame0 + f;
      const r = fr & ${RING - 1};
      ${clocked ? 's.frame = fr;' : ''}
      ${frame}
      ${pass}
    }
  } catch (error) {
    s.frame = frame0 + f;
    ${store}throw error;
  }
  ${store}
}`;
}
