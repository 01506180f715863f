// One venue interface for every place the sound can be made: the AudioWorklet
// in this page, or a local `aither serve` (PortAudio, Speaker, null) over its
// WebSocket. Both speak the messages of @aither/host, so evaluation replies,
// faults, meters and pool gauges look the same whichever plays.
import type { EvaluateReply, Meters } from '@aither/host';

export type VenueKind = 'browser' | 'server';

/** An evaluation's reply, and (in the browser) when its code was heard. */
export type VenueReply = EvaluateReply & {
  /** ms from the key press to the first output sample of the new code, where the venue can tell. */
  audibleMs?: number;
};

/** What the meters show: the shared meters, plus what a venue adds. */
export interface VenueStats extends Meters {
  /** Longest render in the last period, as a share of its time (the worklet). */
  peakLoad?: number;
  /** Quanta the device ran dry for, since the start (the worklet). */
  lateQuanta?: number;
  /** Faults since the start. */
  faults?: number;
  /** What the worklet meters with: the shared clock a worker ticks (allocating nothing on the audio thread), or `Date.now`. */
  clock?: string;
}

export interface VenueFault {
  signal: string;
  kind: string;
  message: string;
}

export interface VenueEvents {
  stats(stats: VenueStats): void;
  fault(fault: VenueFault): void;
  /** The venue's connection was lost or refused. */
  closed(reason: string): void;
}

export interface Venue {
  readonly kind: VenueKind;
  /** What plays, for the header: `AudioWorklet (48000 Hz)`, `aither serve → null`. */
  readonly label: string;
  /** The sink the venue reports: `worklet`, `portaudio`, `speaker`, `null`. */
  readonly sink: string;
  readonly sampleRate: number;
  /** The output to draw the scope and spectrum from, where the sound is in this page. */
  readonly analyser?: AnalyserNode;
  /** The node to record from (the browser's output). */
  readonly output?: AudioNode;
  readonly running: boolean;
  /** Starts the sound (browsers need a gesture first). */
  start(): Promise<void>;
  /** Stops the sound; state is kept and `start` plays on. */
  stop(): Promise<void>;
  /** `pressedAt` is the key press's `performance.now()`, for the audible time. */
  evaluate(code: string, mode: 'session' | 'snippet', pressedAt?: number): Promise<VenueReply>;
  hush(): Promise<void>;
  panic(): Promise<void>;
  close(): Promise<void>;
}
