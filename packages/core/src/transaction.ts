import { Batch } from './blocks.js';
import type { Signal } from './types.js';

/** A `register` whose helpers are bound and claimed, waiting for commit. */
export interface StagedRegister {
  kind: 'register';
  name: string;
  fn: Signal;
  channels: number;
  fadeSeconds: number | undefined;
  /** Helpers bound by this register. */
  bound: number;
}

/** Any other verb, replayed in order at commit. */
export interface StagedCall {
  kind: 'call';
  run: () => void;
}

/**
 * One evaluation (or one direct `register`): claims happen as the code runs,
 * so exhaustion is found at the line that caused it, but nothing the render
 * loop sees changes until commit. Rollback undoes every claim, which leaves
 * the pools exactly as they were.
 */
export class Transaction {
  readonly batch = new Batch();
  readonly undo: Array<() => void> = [];
  readonly ops: Array<StagedRegister | StagedCall> = [];
  /** Names registered by this transaction. */
  readonly registered = new Set<string>();
  /** Names that will need a new signal slot at commit. */
  readonly newNames = new Set<string>();

  /** @param direct - a host's `register` call rather than session code. */
  constructor(readonly direct: boolean) {}
}
