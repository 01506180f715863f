// The operations a fuzz run applies to runtime A, as plain data. Indices
// (names, shared helpers, donors) are resolved when the operation runs,
// modulo what exists then, so any shrunk sequence still means something.

/** Names of the random signals. */
export const NAMES = ['a', 'b', 'c', 'd', 'e'] as const;
/** Names no signal ever has: typos. */
export const TYPOS = ['bas', 'typo'] as const;
export const WITNESSES = ['w1', 'w2'] as const;
/** What `stop` may name: never a witness. */
export const STOPPABLE: readonly string[] = [...NAMES, ...TYPOS];
/** What `mute`, `unmute` and `solo` may name: anything. */
export const ANY: readonly string[] = [...NAMES, ...WITNESSES, ...TYPOS];
/** Fade times, seconds; undefined: the runtime's default. */
export const FADES: ReadonlyArray<number | undefined> = [undefined, 0, 0.001, 0.01];

/** A helper a signal builds for itself (compiled signals use the kernel of the same family). */
export interface Part {
  kind: 'ramp' | 'sentinel' | 'smoother';
  p: number;
}

export interface SignalSpec {
  name: number;
  /** Made of kernels only (compiled into one loop), or a function of the user's own. */
  compiled: boolean;
  parts: Part[];
  /** Shared helpers it also calls (indices into what is available, resolved when it runs). */
  share: number[];
  /** A modulator that turns NaN this many frames after the registration (poisons a smoother). */
  nan: number | null;
  /** 0: the default channel count, else the count asked for. */
  channels: 0 | 1 | 2;
  fade: number;
  /** Counts frames in `s.state` (user functions only). */
  state: boolean;
}

/** A line of session code. */
export type Item =
  | { t: 'sig'; sig: SignalSpec }
  | { t: 'stop'; verb: 'stop' | 'unregister'; name: number; fade: number }
  | { t: 'flag'; verb: 'mute' | 'unmute'; name: number; fade: number }
  | { t: 'solo'; names: number[] | 'number' }
  | { t: 'unsolo' }
  | { t: 'clear'; fade: number }
  /** Keeps a `() => play(...)` on globalThis, called later by a 'late' operation. */
  | { t: 'late'; sig: SignalSpec };

/** A top-level declaration of a session: a shared helper, or one kept on globalThis. */
export type Decl = { t: 'shared'; part: Part; kernel: boolean } | { t: 'global'; slot: number };

/** What makes an evaluation fail on purpose. */
export type Fail = { t: 'syntax' | 'throw' | 'huge' | 'verbTypo' | 'regex'; at: number };

export type Op =
  | { kind: 'session'; snippet: boolean; decls: Decl[]; items: Item[]; witnessAt: number; fail: Fail | null }
  | { kind: 'register'; sig: SignalSpec; retry: boolean }
  | { kind: 'stop'; name: number; fade: number }
  | { kind: 'flag'; verb: 'mute' | 'unmute'; name: number; fade: number }
  | { kind: 'solo'; names: number[] }
  | { kind: 'unsolo' }
  | { kind: 'render'; frames: number }
  | { kind: 'install'; which: number }
  | { kind: 'fix'; name: number; direct: boolean }
  | { kind: 'foreign'; pick: number }
  | { kind: 'late' };

/** What the listener registered with `onError` does when a signal faults. */
export type ListenerMode = 'none' | 'stats' | 'list' | 'stopSelf' | 'stopOther';

export interface RunConfig {
  stereo: boolean;
  sampleRate: number;
  /** Runtime A's helper pool, slots: small, so that exhaustion happens. */
  pool: number;
  listener: ListenerMode;
  /**
   * Signals registered directly in A (as 'a', 'b', ...) before the witnesses, so
   * that they render before the witnesses: what a listener or a reap does to the
   * render list then shows in the witnesses.
   */
  prelude: SignalSpec[];
}

export interface Run {
  config: RunConfig;
  ops: Op[];
}
