import type { NodeInfo } from '../kernel.js';
import type { Parsed } from './edit.js';

/** A kernel as it appears in one loop: one signal's channel of it, at its block's offset. */
export interface KernelInstance {
  /** Its number in the loop: suffixes its variable, locals and labels. */
  readonly uid: number;
  readonly info: NodeInfo;
  /** The variable holding its value this frame (and channel). */
  readonly v: string;
  /** The code of each input. */
  readonly args: readonly string[];
  /** The code for its `o`: the channel's first state slot. */
  readonly base: string;
  /** Its channel's stamp slot; null when stateless. */
  readonly stamp: string | null;
  /** The signal's channel it is computed for (`s.ch` in its code). */
  readonly channel: number;
  /** The step as source to write in, or null when it is called. */
  readonly step: Parsed | null;
  /** The prepare as source, null when it is called, undefined when there is none. */
  readonly prepare: Parsed | null | undefined;
  /** The prepare reads only constant inputs: it runs once per block, before the loop. */
  readonly hoisted: boolean;
}
