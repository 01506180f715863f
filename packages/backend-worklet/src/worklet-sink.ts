import type { AudioSink, RenderBlock, SinkReport, SinkStatus } from '@aither/core';
import { PROTOCOL_VERSION, type EvaluateReply, type Message } from '@aither/host';
import { SinkCounters } from '@aither/sink-kit';
import { type SharedClock, startClock } from './clock.js';
import type { AudioThreadStats, ProcessorInit, WorkletMessage, WorkletResultMessage, WorkletStatsMessage } from './messages.js';
import { PROCESSOR_NAME, QUANTUM_FRAMES } from './name.js';
import { loadProcessor } from './register.js';
import { emptyStats, toStats, type WorkletStats } from './stats.js';

/** Options of {@link WorkletSink.create}. */
export interface WorkletSinkOptions {
  /** The context to play in (an `AudioContext` or `OfflineAudioContext`). Default: a new `AudioContext` the sink owns, suspends on stop and closes on close. */
  context?: BaseAudioContext;
  /** Output channels, 1..8. Default 2. */
  channels?: number;
  /** URL of the worklet bundle. Default: `aither.worklet.js` beside this module. */
  moduleURL?: string | URL;
  /** Where the node's output goes. Default the context's destination; `null`: not connected (the caller connects `sink.node`). */
  destination?: AudioNode | null;
  /** ms between stats batches (meters, faults) while running. Default 250. */
  statsIntervalMs?: number;
  /** ms behind its best pace before a quantum counts as late. Default the context's `baseLatency` (at least one quantum). */
  lateAfterMs?: number;
  /** Whether the processor meters its load and late quanta (see `ProcessorInit.meters`). Default: in a real-time context. */
  meters?: boolean;
  /** Runtime sizes in the worklet (the rate is the context's). */
  runtime?: ProcessorInit['runtime'];
}

/** An evaluation's reply, and when its code started to sound. */
export type WorkletReply = EvaluateReply & {
  /** Runtime frame the new code renders from. */
  frame: number;
  /** Context frame of that quantum (while running). */
  contextFrame: number;
  /** ms the evaluation held the audio thread. */
  evaluateMs: number;
};

type Listener = (message: WorkletMessage) => void;

/** Chromium's `AudioContext.playbackStats` (not in TypeScript's DOM lib). */
interface PlaybackStats {
  underrunEvents: number;
  underrunDuration: number;
}

/**
 * Plays Aither in an AudioWorklet. The runtime and the helper packages live
 * on the audio thread; this main-thread side loads the processor (once per
 * context), sends session code as text, and reads what the processor
 * publishes — the messages of `@aither/host`, the same the `aither serve`
 * WebSocket carries, so an editor has one venue interface for both.
 *
 * As an {@link AudioSink} it renders its own runtime: `start()` takes no
 * render function (a function cannot cross threads), and refuses one.
 *
 * @example
 * ```ts
 * const sink = await WorkletSink.create();           // a new AudioContext
 * await sink.start();
 * await sink.evaluate("play('a', gain(osc(440), 0.2))"); // { ok: true, registered: ['a'], ... }
 * await sink.evaluate("play('a', osc(440)");         // { ok: false, message, line: 1, column: 19 }
 * sink.stats();                                      // { signals: 1, poolUse, load, lateQuanta, ... }
 * await sink.hush();
 * await sink.close();
 * ```
 */
export class WorkletSink implements AudioSink {
  readonly sampleRate: number;
  readonly blockFrames = QUANTUM_FRAMES;
  /** What Web Audio renders ahead of the device: the context's `baseLatency` (0 offline). */
  readonly latencyFrames: number;
  private readonly counters = new SinkCounters();
  private readonly pending = new Map<number, (message: WorkletMessage) => void>();
  private readonly listeners = new Set<Listener>();
  private nextId = 0;
  private ticker: ReturnType<typeof setInterval> | undefined;
  private latest: WorkletStats = emptyStats();
  private reported = { lateQuanta: 0, lateEpisodes: 0 };
  private deviceAtStart: PlaybackStats | undefined;
  private failed: Error | undefined;

  private constructor(
    readonly context: BaseAudioContext,
    /** The Aither node: connect it elsewhere, or put a tap after it. */
    readonly node: AudioWorkletNode,
    readonly channels: number,
    private readonly owned: boolean,
    private readonly statsIntervalMs: number,
    /** The metering clock's worker, where the page could start one: stopped on close. */
    private readonly clock: SharedClock | undefined,
  ) {
    this.sampleRate = context.sampleRate;
    const base = 'baseLatency' in context ? (context as AudioContext).baseLatency : 0;
    this.latencyFrames = Math.round((base || 0) * context.sampleRate);
    node.port.onmessage = (event: MessageEvent) => this.receive(event.data);
    node.onprocessorerror = () => {
      this.stopTicker();
      this.clock?.stop();
      this.failed = this.counters.fail(new Error('the Aither processor failed on the audio thread (processorerror): its runtime is gone; create a new sink'));
      // Nothing will answer: every request waiting fails with the reason.
      for (const settle of this.pending.values()) settle({ v: PROTOCOL_VERSION, type: 'error', message: this.failed.message });
      this.pending.clear();
    };
  }

  /** Loads the processor into the context (once per context) and creates the sink's node, stopped. */
  static async create(options: WorkletSinkOptions = {}): Promise<WorkletSink> {
    const channels = options.channels ?? 2;
    if (!Number.isInteger(channels) || channels < 1 || channels > 8) throw new RangeError(`WorkletSink: channels must be an integer 1..8, got ${channels}`);
    const owned = options.context === undefined;
    const context = options.context ?? new AudioContext({ latencyHint: 'interactive' });
    await loadProcessor(context, options.moduleURL);
    const realtime = typeof OfflineAudioContext === 'undefined' || !(context instanceof OfflineAudioContext);
    const base = realtime ? ((context as AudioContext).baseLatency ?? 0) * 1000 : 0;
    const meters = options.meters ?? realtime;
    // Metered, process() reads a clock a worker keeps in shared memory, so
    // that it allocates nothing (Date.now, where the page cannot share memory).
    const clock = meters ? await startClock() : undefined;
    const init: ProcessorInit = {
      channels,
      realtime,
      lateAfterMs: options.lateAfterMs ?? Math.max(base, (QUANTUM_FRAMES * 1000) / context.sampleRate),
      meters,
      ...(clock ? { clock: clock.buffer } : {}),
      ...(options.runtime ? { runtime: options.runtime } : {}),
    };
    let node: AudioWorkletNode;
    try {
      node = new AudioWorkletNode(context, PROCESSOR_NAME, {
        numberOfInputs: 0,
        numberOfOutputs: 1,
        outputChannelCount: [channels],
        processorOptions: init,
      });
    } catch (error) {
      clock?.stop();
      throw error;
    }
    if (options.destination !== null) node.connect(options.destination ?? context.destination);
    return new WorkletSink(context, node, channels, owned, options.statsIntervalMs ?? 250, clock);
  }

  /**
   * Starts the processor pulling from its runtime (and resumes an
   * `AudioContext`); the runtime plays on from its frame. An offline
   * context renders when its owner calls `startRendering()`.
   */
  async start(render?: RenderBlock, report?: SinkReport): Promise<void> {
    if (render !== undefined) {
      throw new TypeError(
        'WorkletSink renders the runtime that lives on the audio thread: start() takes no render function (functions cannot cross threads); send code with evaluate()',
      );
    }
    if (this.failed) throw this.failed;
    if (this.counters.running) return;
    this.counters.begin(report);
    this.deviceAtStart ??= this.playbackStats();
    await this.request({ type: 'start' });
    const context = this.context as AudioContext;
    if (typeof context.resume === 'function' && this.isRealtime() && context.state !== 'running') await context.resume();
    this.stopTicker();
    this.ticker = setInterval(() => void this.refresh().catch(() => {}), this.statsIntervalMs);
  }

  /** Stops pulling: once it resolves the runtime renders no more (the node outputs silence); an owned context is suspended. */
  async stop(): Promise<void> {
    this.stopTicker();
    if (!this.counters.running || this.failed) return;
    this.counters.running = false;
    await this.request({ type: 'stop' });
    await this.refresh();
    if (this.owned && this.isRealtime() && (this.context as AudioContext).state === 'running') await (this.context as AudioContext).suspend();
  }

  /** Stops, disconnects the node and closes an owned context. */
  async close(): Promise<void> {
    await this.stop();
    this.clock?.stop();
    this.node.disconnect();
    this.node.port.close();
    if (this.owned && this.isRealtime()) await (this.context as AudioContext).close();
  }

  /**
   * Evaluates `code` in the worklet: `'session'` (the whole piece; signals
   * it no longer registers fade out) or `'snippet'` (adds or replaces only).
   * Resolves to `{ ok: true, registered, ... }` or `{ ok: false, message,
   * line, column }`, with the old code playing on unchanged; also says from
   * which frame the new code sounds.
   */
  async evaluate(code: string, mode: 'session' | 'snippet' = 'session'): Promise<WorkletReply> {
    const m = (await this.request({ type: 'evaluate', code, mode })) as WorkletResultMessage;
    return { ...m.reply, frame: m.frame, contextFrame: m.contextFrame, evaluateMs: m.evaluateMs };
  }

  /** Fades every signal out over `fadeSeconds` (default 0.1) and removes it. */
  async hush(fadeSeconds?: number): Promise<void> {
    await this.request(fadeSeconds === undefined ? { type: 'hush' } : { type: 'hush', fadeSeconds });
  }

  /** Stops every signal at once. */
  async panic(): Promise<void> {
    await this.request({ type: 'panic' });
  }

  /** The latest stats the processor published (at most `statsIntervalMs` old while running). */
  stats(): WorkletStats {
    return this.latest;
  }

  /** Asks the processor for its faults and stats now; resolves with the stats once they arrived. */
  async refresh(): Promise<WorkletStats> {
    await this.request({ type: 'stats' });
    return this.latest;
  }

  /** Calls `listener` with every message the processor sends (results, stats, faults), in order. Returns an unsubscribe function. */
  onMessage(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  status(): SinkStatus {
    return this.counters.status();
  }

  private playbackStats(): PlaybackStats | undefined {
    const stats = (this.context as { playbackStats?: PlaybackStats }).playbackStats;
    return stats ? { underrunEvents: stats.underrunEvents, underrunDuration: stats.underrunDuration } : undefined;
  }

  private isRealtime(): boolean {
    return typeof OfflineAudioContext === 'undefined' || !(this.context instanceof OfflineAudioContext);
  }

  private stopTicker(): void {
    if (this.ticker !== undefined) clearInterval(this.ticker);
    this.ticker = undefined;
  }

  private request(body: Record<string, unknown>): Promise<WorkletMessage> {
    if (this.failed) return Promise.reject(this.failed);
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      this.pending.set(id, (message) => (message.type === 'error' ? reject(this.failed ?? new Error(`worklet: ${message.message}`)) : resolve(message)));
      this.node.port.postMessage({ v: PROTOCOL_VERSION, id, ...body });
    });
  }

  private receive(data: unknown): void {
    for (const message of (Array.isArray(data) ? data : [data]) as WorkletMessage[]) {
      if (message.type === 'stats') this.update((message as WorkletStatsMessage).audio, message);
      for (const listener of [...this.listeners]) {
        try {
          listener(message);
        } catch {
          // A listener's error is its own: the other listeners and the replies still get theirs.
        }
      }
      const id = (message as { id?: number }).id;
      const settle = id === undefined ? undefined : this.pending.get(id);
      if (settle) {
        this.pending.delete(id!);
        settle(message);
      }
    }
  }

  private update(audio: AudioThreadStats, message: Extract<Message, { type: 'stats' }>): void {
    this.latest = toStats(message.meters, audio);
    const device = this.playbackStats();
    const start = this.deviceAtStart;
    if (device && start)
      this.latest.device = { underrunEvents: device.underrunEvents - start.underrunEvents, underrunMs: (device.underrunDuration - start.underrunDuration) * 1000 };
    this.counters.framesRendered = audio.framesRendered;
    const episodes = audio.lateEpisodes - this.reported.lateEpisodes;
    const late = audio.lateQuanta - this.reported.lateQuanta;
    // Each late start is a dropout the device played as silence, for its late quanta.
    for (let i = 0; i < episodes; i++) this.counters.underrun(Math.round((late * QUANTUM_FRAMES) / episodes));
    this.reported = { lateQuanta: audio.lateQuanta, lateEpisodes: audio.lateEpisodes };
  }
}
