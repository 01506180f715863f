import type { PoolGauges } from '@aither/host';
import type { AudioThreadStats, Meters } from './messages.js';

/** What {@link WorkletSink.stats} shows: the venue's meters and the audio thread's own counters, in one flat object. */
export interface WorkletStats {
  /** Seconds the runtime has played. */
  seconds: number;
  /** Largest |sample| in the last stats period, 0..1. */
  peak: number;
  /** Signals playing. */
  signals: number;
  /** Signals compiled into one loop. */
  compiledSignals: number;
  /** Signals playing on their closures while their new loops warm. */
  warming: number;
  /** Share of the helper pool in use, 0..1. */
  poolUse: number;
  /** Faults (signals muted for throwing or going non-finite) since the processor was created. */
  faults: number;
  /** Mean render time per quantum in the last period, as a share of the quantum's time (1 = all of real time). */
  load: number;
  /** The longest quantum in the last period, as a share of its time (1 ms resolution). */
  peakLoad: number;
  /** Late quanta since the processor was created: the time the device ran dry, in quanta (see `LateMeter`). */
  lateQuanta: number;
  /** Dropouts: calls that started late. */
  lateEpisodes: number;
  /** `process()` calls that took longer than their quantum's time. */
  slowQuanta: number;
  /** Most ms the audio thread has fallen behind its best pace. */
  worstLateMs: number;
  /** The longest `process()` call ever, ms. */
  maxProcessMs: number;
  /** What the processor meters with: the shared clock a worker ticks, `Date.now` (the page is not cross-origin isolated: its readings allocate), or none. */
  clock: AudioThreadStats['clock'];
  /** ms the audio thread spent answering messages (evaluations) in the last period. */
  handlerMs: number;
  /** Frames the runtime has rendered. */
  framesRendered: number;
  /** The helpers' warm-up before the first quantum (real-time contexts), or null. */
  warmup: AudioThreadStats['warmup'];
  /** The pools' gauges (signal slots, helper slots, blocks). */
  pool?: PoolGauges;
  /** Each signal's largest |sample| in the last period, by name. */
  levels?: Record<string, number>;
  /**
   * The browser's own count of the context's output running dry since the
   * sink started (`AudioContext.playbackStats`, where the browser has it):
   * events, and ms of silence played.
   */
  device?: { underrunEvents: number; underrunMs: number };
}

/** Stats before the first message: all zero. */
export function emptyStats(): WorkletStats {
  return toStats(
    { seconds: 0, peak: 0, signals: 0, poolUse: 0, load: 0 },
    {
      sampleRate: 0,
      framesRendered: 0,
      quanta: 0,
      lateQuanta: 0,
      lateEpisodes: 0,
      slowQuanta: 0,
      worstLateMs: 0,
      maxProcessMs: 0,
      peakLoad: 0,
      handlerMs: 0,
      compiledSignals: 0,
      warming: 0,
      faults: 0,
      stopped: true,
      metered: false,
      clock: 'none',
      warmup: null,
    },
  );
}

/** Flattens one stats message. */
export function toStats(meters: Meters, audio: AudioThreadStats): WorkletStats {
  return {
    seconds: meters.seconds,
    peak: meters.peak,
    signals: meters.signals,
    compiledSignals: audio.compiledSignals,
    warming: audio.warming,
    poolUse: meters.poolUse,
    faults: audio.faults,
    load: meters.load,
    peakLoad: audio.peakLoad,
    lateQuanta: audio.lateQuanta,
    lateEpisodes: audio.lateEpisodes,
    slowQuanta: audio.slowQuanta,
    worstLateMs: audio.worstLateMs,
    maxProcessMs: audio.maxProcessMs,
    clock: audio.clock,
    handlerMs: audio.handlerMs,
    framesRendered: audio.framesRendered,
    warmup: audio.warmup,
    ...(meters.pool ? { pool: meters.pool } : {}),
    ...(meters.levels ? { levels: meters.levels } : {}),
  };
}
