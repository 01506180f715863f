import type { Compiled, Stage } from '../compile.js';
import { emitKernel, type KernelEmission } from './emit-kernel.js';
import { guard } from './frame.js';
import type { KernelInstance } from './instance.js';
import { instantiate } from './instantiate.js';
import type { LoopView } from './loop-view.js';
import type { Layout } from './layout.js';
import { emitPrologue } from './prologue.js';
import { cut, LOOP_LIMIT } from './split.js';
import { readsOf, splitSource } from './split-source.js';

/** What {@link compileSplit} compiles: a signal laid out, its code's emission, and where it runs. */
export interface SplitCompile {
  readonly laid: Layout;
  readonly emission: KernelEmission;
  readonly channels: number;
  readonly stage: Stage;
  readonly view: LoopView;
  readonly bad: Float64Array;
  readonly previous: Compiled | undefined;
}

/**
 * Compiles a signal whose frame is too big for one loop into several (see
 * split.ts), each with its own prologue and promoted slots, the last one
 * mixing as a single loop does; null when its code does not cut into two or
 * more (a single line bigger than the limit).
 */
export function compileSplit(c: SplitCompile): Compiled | null {
  const { laid, emission, channels, stage, view, bad, previous } = c;
  const { constants, sampleRate, promoted } = emission;
  const lines = laid.lines as readonly KernelInstance[];
  const { stages, scratch } = cut(
    laid,
    lines.map((u) => emitKernel(u, emission)),
    LOOP_LIMIT,
  );
  if (stages.length < 2) return null;
  const parts = stages.map((st) => {
    const own = new Set(st.lines);
    const prologue = emitPrologue(st.lines, new Map([...promoted].filter(([u]) => own.has(u))), constants, sampleRate);
    return { prologue, st };
  });
  const clocked = laid.instances.some((u) => u.step!.clock || u.prepare?.clock);
  const { prologue, st } = parts.at(-1)!;
  const frame = [...readsOf(st.reads), ...st.code, ...laid.outs.map((v) => guard(v, prologue.store))].join('\n      ');
  const source = splitSource(
    parts.slice(0, -1).map((p) => ({ prologue: p.prologue, frame: [...readsOf(p.st.reads), ...p.st.code].join('\n      '), writes: p.st.writes })),
    { constants: constants.values.length, calls: 0, before: prologue.before, store: prologue.store, frame, outs: laid.outs, channels, outputs: stage.outputs, clocked },
  );
  return instantiate({ source, consts: constants.values, calls: [], opaque: false, writtenIn: true, view, bad, previous, scratch, loops: stages.length });
}
