// The Browser venue: Aither's worklet in this page's AudioContext, with an
// analyser after it for the scope and spectrum (drawn on the main thread).
import { WorkletSink, type WorkletStats } from '@aither/backend-worklet';
import workletURL from '@aither/backend-worklet/worklet?url';
import type { Venue, VenueEvents, VenueReply, VenueStats } from './venue.js';

function venueStats(s: WorkletStats): VenueStats {
  return {
    seconds: s.seconds,
    peak: s.peak,
    signals: s.signals,
    poolUse: s.poolUse,
    load: s.load,
    peakLoad: s.peakLoad,
    lateQuanta: s.lateQuanta,
    faults: s.faults,
    clock: s.clock,
    ...(s.pool ? { pool: s.pool } : {}),
    ...(s.levels ? { levels: s.levels } : {}),
  };
}

/** The context time being heard now, from the output's latest timestamp. */
function heardNow(context: AudioContext): number {
  const stamp = context.getOutputTimestamp();
  if (stamp.contextTime === undefined || stamp.performanceTime === undefined) return context.currentTime;
  return stamp.contextTime + (performance.now() - stamp.performanceTime) / 1000;
}

export class BrowserVenue implements Venue {
  readonly kind = 'browser';
  readonly sink = 'worklet';
  readonly output: AudioNode;

  private constructor(
    private readonly context: AudioContext,
    private readonly worklet: WorkletSink,
    readonly analyser: AnalyserNode,
  ) {
    this.output = worklet.node;
  }

  static async open(events: VenueEvents): Promise<BrowserVenue> {
    const context = new AudioContext({ latencyHint: 'interactive' });
    const worklet = await WorkletSink.create({ context, moduleURL: workletURL });
    const analyser = context.createAnalyser();
    analyser.fftSize = 2048;
    analyser.smoothingTimeConstant = 0.6;
    worklet.node.connect(analyser);
    worklet.onMessage((m) => {
      if (m.type === 'stats') events.stats(venueStats(worklet.stats()));
      else if (m.type === 'fault') events.fault(m.fault);
    });
    return new BrowserVenue(context, worklet, analyser);
  }

  get label(): string {
    return `AudioWorklet in this page (${this.context.sampleRate} Hz)`;
  }

  get sampleRate(): number {
    return this.context.sampleRate;
  }

  get running(): boolean {
    return this.worklet.status().running;
  }

  async start(): Promise<void> {
    await this.worklet.start();
  }

  async stop(): Promise<void> {
    await this.worklet.stop();
  }

  async evaluate(code: string, mode: 'session' | 'snippet', pressedAt = performance.now()): Promise<VenueReply> {
    // What was being heard at the key press, in context time: the new code is
    // heard once the output reaches the quantum it renders from.
    const running = this.running;
    const heardAtPress = running ? heardNow(this.context) - (performance.now() - pressedAt) / 1000 : 0;
    const reply = await this.worklet.evaluate(code, mode);
    const { frame: _frame, contextFrame, evaluateMs: _ms, ...shared } = reply;
    if (!running || !reply.ok) return shared;
    return { ...shared, audibleMs: Math.max(0, (contextFrame / this.context.sampleRate - heardAtPress) * 1000) };
  }

  async hush(): Promise<void> {
    await this.worklet.hush(0.1);
  }

  async panic(): Promise<void> {
    await this.worklet.panic();
  }

  async close(): Promise<void> {
    await this.worklet.close();
    await this.context.close();
  }
}
