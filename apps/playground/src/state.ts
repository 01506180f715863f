// What the page shows, as plain data: the tests read it (window.playground),
// and it is the one place the controller writes to.
import type { ErrorMark } from './editor/index.js';
import type { VenueFault, VenueReply, VenueStats } from './venues/index.js';

export interface PlaygroundState {
  venue: { kind: 'browser' | 'server'; sink: string; label: string; running: boolean; sampleRate: number } | null;
  stats: VenueStats | undefined;
  lastReply: (VenueReply & { mode: 'session' | 'snippet' }) | undefined;
  error: ErrorMark | undefined;
  /** Every evaluated range, as flashed. */
  flashes: Array<{ from: number; to: number; text: string }>;
  faults: VenueFault[];
  evaluations: number;
  hushes: number;
  panics: number;
  /** ms from the key press to the new code's first sample at the output, for the latest evaluation that says. */
  audibleMs: number | undefined;
  exports: number;
  /** A note of the latest venue change or failure. */
  notice: string;
}

export function initialState(): PlaygroundState {
  return {
    venue: null,
    stats: undefined,
    lastReply: undefined,
    error: undefined,
    flashes: [],
    faults: [],
    evaluations: 0,
    hushes: 0,
    panics: 0,
    audibleMs: undefined,
    exports: 0,
    notice: '',
  };
}
