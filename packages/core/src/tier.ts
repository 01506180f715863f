import { RING } from './binding.js';
import type { GainState, Runner } from './compile.js';
import type { HelperState } from './binding.js';
import { LoopView } from './compile/loop-view.js';
import { Context } from './mixer.js';
import { planOf, planValue, type PlanNode } from './plan.js';
import type { SignalRecord } from './signal-record.js';
import type { Signal } from './types.js';

/**
 * The first tier of a signal whose loop is new: its closures' computation,
 * frame by frame and channel by channel, mixed exactly as its compiled loop
 * mixes (same gain ramp, same guards, same sums, in the same order). Each
 * helper's closure computes what its written-in step computes, to the bit
 * (helpers' conformance suite), and keeps its state in the same slots; so the
 * runtime may swap the loop in at any block once it is warm (see
 * SignalRecord.warm), and when that happens changes no sample. The signal is
 * evaluated through its plan ({@link planValue}), not by calling its
 * closures: V8 gives each new closure feedback of its own, so a new signal's
 * closures would start in its interpreter as a new loop does (measured: the
 * 32-signal piece's first blocks 3 to 10 times their steady cost), where the
 * plan's one function and the helpers' steps are warm code.
 */
export function closureRunner(fn: Signal, channels: number, outputs: number, view: LoopView, bad: Float64Array): Runner {
  const tier = new ClosureTier(planOf(fn), channels, outputs, view, bad);
  return tier.run.bind(tier);
}

/**
 * One signal's closure tier. Its `run` is one function for every signal (a
 * method, where a closure made per signal would get feedback of its own from
 * V8 and start cold, as the signal's own closures would).
 */
class ClosureTier {
  private readonly values: Float64Array;

  constructor(
    private readonly plan: PlanNode,
    private readonly channels: number,
    private readonly outputs: number,
    private readonly view: LoopView,
    private readonly bad: Float64Array,
  ) {
    this.values = new Float64Array(channels);
  }

  run(at: number, frames: number, frame0: number, rec: GainState, direct: boolean): number {
    const { acc, out, s } = this.view;
    const { plan, channels, outputs, values, bad } = this;
    const target = rec.target;
    const ramp = rec.ramp;
    let g = rec.gain;
    let f = 0;
    try {
      for (f = 0; f < frames; f++) {
        const fr = frame0 + f;
        const a = at + f * outputs;
        s.frame = fr;
        // As the loop ramps: at the target, either arm gives the target; a record stopping at gain 0 is finished, and not run.
        // Stryker disable next-line EqualityOperator: at g === target both arms give the target (g <= target)
        g = g < target ? Math.min(target, g + ramp) : Math.max(target, g - ramp);
        if (g === 0 && rec.stopping) {
          rec.finished = true;
          rec.gain = g;
          return -f - 1;
        }
        // Stryker disable next-line EqualityOperator: a call for one channel more (c <= channels) changes nothing: a kernel masks the channel into its own block and computes a frame once (its stamp), and the value lands past `values`
        for (let c = 0; c < channels; c++) {
          s.ch = c;
          values[c] = planValue(plan, s);
        }
        for (let c = 0; c < channels; c++) {
          const v = values[c]!;
          if (v - v !== 0) {
            rec.gain = g;
            bad[0] = v;
            return f + 1;
          }
        }
        if (channels === 1) {
          const y = values[0]! * g;
          for (let c = 0; c < outputs; c++) {
            if (!direct) acc[a + c] += y;
            else {
              const v = acc[a + c]! + y;
              out[a + c] = clip(v);
            }
          }
        } else {
          // Stryker disable next-line EqualityOperator: one output more (c <= outputs) only writes, in direct mode, the clip of the next frame's sum, which that frame writes again (or a slot past the chunk, never copied); the mix add is guarded by c < channels
          for (let c = 0; c < outputs; c++) {
            if (!direct) {
              if (c < channels) acc[a + c] += values[c]! * g;
            } else {
              const v = c < channels ? acc[a + c]! + values[c]! * g : acc[a + c]!;
              out[a + c] = clip(v);
            }
          }
        }
      }
    } catch (error) {
      s.frame = frame0 + f;
      throw error;
    }
    rec.gain = g;
    return 0;
  }
}

/** The output's clip to [-1, 1]: the value the loop's `v > 1 ? 1 : v < -1 ? -1 : v` gives, for every finite v. */
function clip(v: number): number {
  return Math.min(1, Math.max(-1, v));
}

/** Frames of each call a loop warms with: short, so that a call of a loop still in V8's interpreter is short too. */
export const WARM_FRAMES = 32;

/** Calls of its loop after which a signal's loop is taken as warm: V8 has optimised a loop of the 32-signal piece by then (measured: 60 to 150 blocks). */
export const WARM_CALLS = 4 * 150;

/** The state a loop warms with is copied from the live memory again every so many calls. */
export const WARM_REFRESH = 16;

/**
 * Where a tiered runtime warms new loops: memory as long as the helper
 * pool's (only the warming signal's blocks are filled, from the live ones),
 * mix buffers and a context of its own. Nothing a warming loop writes reaches
 * the live memory, the mix or the context.
 */
export class WarmScratch {
  readonly view: LoopView;
  /** Two records shaped as the live ones, for the loops' gain (filled by SignalRecord.warm). */
  records: SignalRecord[] | undefined;

  constructor(
    sampleRate: number,
    outputs: number,
    /** Calls of a loop before it goes live. */
    readonly calls = WARM_CALLS,
  ) {
    this.view = new LoopView(new Float64Array(0), new Float64Array(RING * outputs), new Float32Array(RING * outputs), new Context(sampleRate));
  }

  /** Makes the memory at least `length` slots (at evaluation, never in the audio loop). */
  fit(length: number): void {
    if (this.view.m.length < length) this.view.m = new Float64Array(length);
  }

  /** Copies the blocks of `states` from `memory` to the same offsets of the scratch memory. */
  load(memory: Float64Array, states: readonly HelperState[]): void {
    const m = this.view.m;
    for (const h of states) {
      const end = h.at + h.stride * h.channels;
      for (let i = h.at; i < end; i++) m[i] = memory[i]!;
    }
  }
}
