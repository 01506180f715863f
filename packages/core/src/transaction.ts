import type { Block, Claimant, Reservation } from './blocks.js';
import type { Taken } from './binding.js';
import type { Reach } from './reach.js';
import type { Signal } from './types.js';

/** A `register` whose helpers are bound and claimed, waiting for commit. */
export interface StagedRegister {
  kind: 'register';
  name: string;
  fn: Signal;
  channels: number;
  fadeSeconds: number | undefined;
  /** What its function reaches, as found when it was staged. */
  reach: Reach;
}

/** A performer's verb (stop, mute, solo...), checked when staged and applied in order at commit. */
export interface StagedVerb {
  kind: 'verb';
  apply: () => void;
}

/**
 * One evaluation (or one direct `register`): claims happen as the code runs,
 * so exhaustion is found at the line that caused it, but nothing the render
 * loop sees changes until commit. Rollback undoes every claim, which leaves
 * the pools exactly as they were.
 */
export class Transaction {
  /**
   * Every claimant bound by this transaction, in order: the helpers its code
   * built, which any of its signals' own functions may call.
   */
  readonly scope = new Set<Claimant>();
  /** The ambient helpers, scanned at its first register of a function of the user's own. */
  ambient: ReadonlySet<Claimant> | undefined;
  readonly undo: Array<() => void> = [];
  readonly ops: Array<StagedRegister | StagedVerb> = [];
  /** Names registered by this transaction. */
  readonly registered = new Set<string>();
  /** Names that will need a new signal slot at commit. */
  readonly newNames = new Set<string>();
  /** Claims that found a block some claimant already held (the same key). */
  readonly joined: Array<{ claimant: Claimant; block: Block; signal: string }> = [];
  /** Slots placed for the joined claimants that may have to move to a copy at commit. */
  readonly reserved: Reservation[] = [];
  /** Blocks each registered name claimed under its own keys (reset if the signal had faulted). */
  readonly claimed = new Map<string, Block[]>();
  /** The pending helpers its registers took, kept for a retry if it is rolled back (direct only). */
  readonly taken: Array<{ fn: Signal; taken: Taken }> = [];
  /** Things worth telling the performer that did not stop the evaluation. */
  readonly warnings: string[] = [];

  /** @param direct - a host's `register` call rather than session code. */
  constructor(readonly direct: boolean) {}
}
