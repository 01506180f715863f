import { createRuntime } from '@aither/core';
import { casesOf } from '@aither/helper-kit/table';
import * as helpers from '@aither/helpers';
import { CASES } from '@aither/helpers/cases';
import { CASES as PHYSICAL_CASES } from '@aither/helpers-physical/cases';
import { evaluateReply } from '@aither/host';
import { analyse } from '@aither/offline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { floats, openPage } from './test-support/browser.js';
import { BIG, firstDifferenceFromReplay, SEED, type Evaluation } from './test-support/reference.js';

// One live session in a real-time AudioContext (headless Chromium plays at the
// device's pace with no sound card), a tap recording every frame after the
// Aither node. The runtime frame each evaluation took effect at comes back in
// its reply, so Node can replay the same evaluations at the same frames with
// the core: the tap must equal that replay sample for sample — no frame lost,
// none repeated, no state reset — and where it stops equalling a replay
// without an edit is when the edit was heard.
const TOLERANCE = 2 ** -24;
const EDITED = SEED.replace('osc(440)', 'osc(660)');
const BROKEN = `${EDITED}\nplay('typo', gain(osc(220), 0.1)`;
const FAULTY = "play('bad', s => (s.t > 0 ? NaN : 0))";
const BIG_SNIPPET = "play('saw0', pipe(saw(165), x => lpf(x, 600, 0.4), x => gain(x, 0.02)))";
const BIG_EDITED = BIG.replace('saw(f * 2)', 'saw(i === 0 ? f * 3.5 : f * 2)');

type Page = Awaited<ReturnType<typeof openPage>>;
let browser: Page;
let shape: { sampleRate: number; baseLatency: number; outputLatency: number; latencyFrames: number; blockFrames: number; channels: number; playbackStats: boolean };

interface Reply {
  ok: boolean;
  registered?: string[];
  message?: string;
  line?: number;
  column?: number;
  frame: number;
  contextFrame: number;
  evaluateMs: number;
}
interface Evaluated {
  reply: Reply;
  heardAtCall: number;
  renderedAtCall: number;
  replyMs: number;
  before?: { underrunEvents: number; underrunDuration: number };
}
interface Stats {
  lateQuanta: number;
  clock: string;
  lateEpisodes: number;
  slowQuanta: number;
  worstLateMs: number;
  maxProcessMs: number;
  signals: number;
  compiledSignals: number;
  warming: number;
  faults: number;
  framesRendered: number;
  load: number;
  peakLoad: number;
  handlerMs: number;
  warmup: { ms: number; cases: number; skipped: number; live: number } | null;
}

function call<T>(name: string, ...args: unknown[]): Promise<T> {
  return browser.page.evaluate(([n, a]) => (window as unknown as { aither: Record<string, (...x: unknown[]) => Promise<unknown>> }).aither[n as string]!(...(a as unknown[])), [
    name,
    args,
  ] as const) as Promise<T>;
}

/** Every evaluation sent, in order, with its reply (the replay's script). */
const log: Array<{ code: string; mode: 'session' | 'snippet'; at: Evaluated }> = [];
async function evaluate(code: string, mode: 'session' | 'snippet' = 'session'): Promise<Evaluated> {
  const at = await call<Evaluated>('liveEvaluate', code, mode);
  log.push({ code, mode, at });
  return at;
}
const wait = (ms: number) => call<{ underrunEvents: number; underrunDuration: number } | undefined>('liveWait', ms);
const stats = () => call<{ stats: Stats; status: { underruns: number; underrunFrames: number; running: boolean; framesRendered: number } }>('liveStats');

/** The replay of the evaluations that succeeded, minus `leaveOut`. */
function script(leaveOut?: Evaluated): Evaluation[] {
  return log.filter((e) => e.at.reply.ok && e.at !== leaveOut).map((e) => ({ frame: e.at.reply.frame, code: e.code, mode: e.mode }));
}

let tap: { samples: Float32Array; firstFrame: number; gaps: number; offset: number };
/** The tap from runtime frame 0 on: runtime frame r is context frame r + offset while running. */
async function record(): Promise<void> {
  const dump = await call<{ firstFrame: number; frames: number; gaps: number; holes: Array<[number, number]>; samples: string }>('liveDump');
  const first = log[0]!.at.reply;
  const offset = first.contextFrame - first.frame;
  const all = floats(dump.samples);
  const skip = offset - dump.firstFrame; // frames of the tap before runtime frame 0
  expect(skip).toBeGreaterThanOrEqual(0);
  // Quanta the context skipped after runtime frame 0 (a loaded machine) were skipped by the whole
  // graph: the node's output is the recording without them.
  const kept: Float32Array[] = [];
  let from = skip;
  for (const [at, frames] of dump.holes.filter(([at]) => at >= skip)) {
    kept.push(all.subarray(from * 2, at * 2));
    from = at + frames;
  }
  kept.push(all.subarray(from * 2));
  const samples = new Float32Array(kept.reduce((n, k) => n + k.length, 0));
  let filled = 0;
  for (const k of kept) {
    samples.set(k, filled);
    filled += k.length;
  }
  tap = { samples, firstFrame: dump.firstFrame, gaps: dump.gaps, offset };
}

/** ms from the evaluate() call to when runtime frame `frame` was heard (the output's clock). */
function heardAfter(e: Evaluated, frame: number): number {
  return ((frame + tap.offset) / shape.sampleRate - e.heardAtCall) * 1000;
}

beforeAll(async () => {
  browser = await openPage();
  shape = await call('liveStart', { seconds: 20 });
}, 30_000);
afterAll(async () => {
  await browser?.close();
});

describe('the worklet in a real-time AudioContext', () => {
  let seed: Evaluated;
  let edit: Evaluated;

  it('plays at the context’s rate in 128-frame quanta, with at most 20 ms rendered ahead', () => {
    expect(shape.channels).toBe(2);
    expect(shape.blockFrames).toBe(128);
    expect(shape.latencyFrames).toBe(Math.round(shape.baseLatency * shape.sampleRate));
    expect(shape.latencyFrames / shape.sampleRate).toBeLessThanOrEqual(0.02);
    console.log(`[figures] live context: ${shape.sampleRate} Hz, baseLatency ${shape.baseLatency * 1000} ms, outputLatency ${(shape.outputLatency * 1000).toFixed(1)} ms`);
  });

  it('played every use in the helpers’ tables of cases before its first quantum, each going live on its loop', async () => {
    const cases = casesOf({ ...CASES, ...PHYSICAL_CASES }).length;
    const { warmup } = (await stats()).stats;
    expect(warmup).toMatchObject({ cases, skipped: 0, live: cases });
    console.log(`[figures] the helpers' warm-up on the audio thread before the first quantum: ${cases} cases in ${warmup!.ms} ms`);
  });

  it('evaluates the seed example, a changed frequency, a syntax error (refused, audio unchanged) and a NaN signal (a fault)', async () => {
    seed = await evaluate(SEED);
    expect(seed.reply).toMatchObject({ ok: true, registered: ['filtered-delayed-sine'] });
    await wait(700);
    edit = await evaluate(EDITED);
    expect(edit.reply.ok).toBe(true);
    await wait(700);
    const broken = await evaluate(BROKEN);
    // The same structured error the host gives in Node for this code.
    const inNode = evaluateReply(createRuntime({ sampleRate: 48000, install: [helpers] }), BROKEN);
    expect(inNode).toMatchObject({ ok: false, line: expect.any(Number), column: expect.any(Number) });
    expect(broken.reply).toEqual({ ...inNode, frame: expect.any(Number), contextFrame: expect.any(Number), evaluateMs: expect.any(Number) });
    await wait(300);
  });

  it('the tap equals the core’s replay of the same evaluations at the same frames: nothing lost, no phase reset, the syntax error changed nothing', async () => {
    await record();
    console.log(`[figures] quanta the context skipped while playing: ${tap.gaps}`);
    expect(firstDifferenceFromReplay(tap.samples, shape.sampleRate, script(), TOLERANCE)).toBe(-1);
  });

  it('the pitch goes from 440 to 660 Hz where the edit took effect, heard after the piece’s own 0.25 s delay', () => {
    const sr = shape.sampleRate;
    const window = (from: number, to: number) => analyse(tap.samples.subarray(from * 2, to * 2), 2, sr).fundamentalHz;
    expect(window(seed.reply.frame + 0.3 * sr, edit.reply.frame)).toBeCloseTo(440, 0);
    expect(window(edit.reply.frame + 0.3 * sr, edit.reply.frame + 0.7 * sr)).toBeCloseTo(660, 0);
    // Where the edit was heard: the first sample that a replay without it does not have.
    const heard = Math.floor(firstDifferenceFromReplay(tap.samples, sr, script(edit), TOLERANCE) / 2);
    expect(heard).toBeGreaterThanOrEqual(edit.reply.frame);
    expect(heard).toBeLessThan(edit.reply.frame + 0.25 * sr + 256);
    // The edited chain restarted from fresh state (what a phase reset sounds like) is not what played.
    const fresh = EDITED.replace('filtered-delayed-sine', 'fresh');
    const reset = script().map((e) => (e.frame === edit.reply.frame ? { ...e, code: fresh } : e));
    expect(firstDifferenceFromReplay(tap.samples, sr, reset, TOLERANCE)).toBeGreaterThan(0);
    console.log(
      `[figures] seed edit 440→660 Hz: evaluated in ${edit.reply.evaluateMs} ms on the audio thread, reply after ${edit.replyMs.toFixed(1)} ms; ` +
        `first quantum with the new code heard ${heardAfter(edit, edit.reply.frame).toFixed(1)} ms after evaluate(); ` +
        `new pitch heard ${heardAfter(edit, heard).toFixed(1)} ms after (includes the piece's 250 ms delay line)`,
    );
  });

  it('a NaN signal arrives on the main thread as a fault message, in a batch that ends with the stats', async () => {
    const since = (await call<{ now: number }>('liveMessages', 1e12)).now;
    const faulty = await evaluate(FAULTY, 'snippet');
    expect(faulty.reply.ok).toBe(true);
    await wait(600);
    const { messages, posts } = await call<{
      messages: Array<{ at: number; post: number; type: string; message?: { fault?: { signal: string; kind: string } } }>;
      posts: Array<{ at: number; batch: boolean }>;
    }>('liveMessages', since);
    const faults = messages.filter((m) => m.type === 'fault');
    expect(faults.map((m) => m.message!.fault)).toEqual([expect.objectContaining({ signal: 'bad', kind: 'non-finite' })]);
    const i = messages.indexOf(faults[0]!);
    expect(messages[i + 1]).toMatchObject({ type: 'stats', post: faults[0]!.post }); // the same post
    expect(posts.filter((p) => p.batch).length).toBeGreaterThanOrEqual(2);
    expect((await stats()).stats.faults).toBe(1);
    await evaluate(EDITED); // the session without 'bad'
    await wait(300);
  });

  it('publishes at a low rate: one batch per stats period (250 ms) while nothing happens', async () => {
    const since = (await call<{ now: number }>('liveMessages', 1e12)).now;
    await wait(2000);
    const { posts, now } = await call<{ posts: Array<{ at: number; batch: boolean }>; now: number }>('liveMessages', since);
    const perSecond = posts.length / ((now - since) / 1000);
    expect(posts.every((p) => p.batch)).toBe(true);
    expect(perSecond).toBeGreaterThanOrEqual(2);
    expect(perSecond).toBeLessThanOrEqual(6);
    console.log(`[figures] messages from the processor while idle: ${perSecond.toFixed(1)} per second (${posts.length} in ${((now - since) / 1000).toFixed(2)} s)`);
  });

  let big: Evaluated;
  it('loading the 32-signal piece: the late quanta it causes are counted, reported in stats and as underruns', async () => {
    const before = await stats();
    big = await evaluate(BIG);
    expect(big.reply.ok).toBe(true);
    expect(big.reply.registered).toHaveLength(32);
    // Each new signal plays on its closures from the next quantum while its loop warms, then on its loop.
    const playing = await stats();
    expect(playing.stats.signals).toBe(32);
    let device = await wait(1000);
    let waited = 1000;
    while ((await stats()).stats.warming > 0 && waited < 20_000) {
      device = await wait(250);
      waited += 250;
    }
    const after = await stats();
    expect(after.stats).toMatchObject({ signals: 32, compiledSignals: 32, warming: 0 });
    // Measured on the clock a worker ticks into shared memory (the page is cross-origin isolated).
    expect(after.stats.clock).toBe('shared');
    const late = after.stats.lateQuanta - before.stats.lateQuanta;
    const quantumMs = (128 * 1000) / shape.sampleRate;
    const lateAfterMs = Math.max(shape.baseLatency * 1000, quantumMs);
    // The evaluation held the audio thread evaluateMs: every quantum due more than lateAfterMs into that was late.
    expect(late).toBeGreaterThanOrEqual(Math.floor((big.reply.evaluateMs - lateAfterMs - 2) / quantumMs) - 2);
    if (late > 0) expect(after.status.underruns).toBeGreaterThan(before.status.underruns);
    const underrun =
      device && big.before
        ? `; Chromium's playbackStats: ${device.underrunEvents - big.before.underrunEvents} underrun events, ${((device.underrunDuration - big.before.underrunDuration) * 1000).toFixed(0)} ms`
        : '';
    console.log(
      `[figures] loading examples/big.js (32 signals) at ${shape.sampleRate} Hz: evaluation held the audio thread ${big.reply.evaluateMs} ms; every loop live within ${waited} ms; ` +
        `late quanta ${late} (${after.stats.lateEpisodes - before.stats.lateEpisodes} dropouts, worst ${after.stats.worstLateMs.toFixed(1)} ms behind); ` +
        `slow quanta ${after.stats.slowQuanta - before.stats.slowQuanta}, max process() ${after.stats.maxProcessMs} ms, load ${after.stats.load.toFixed(3)}, peak quantum load ${after.stats.peakLoad.toFixed(2)}${underrun}`,
    );
  });

  let snippet: Evaluated;
  let session: Evaluated;
  it('a one-signal edit of the 32-signal piece, as a snippet and as the whole session: heard from the quantum it took effect', { timeout: 20_000 }, async () => {
    snippet = await evaluate(BIG_SNIPPET, 'snippet');
    expect(snippet.reply).toMatchObject({ ok: true, registered: ['saw0'] });
    await wait(500);
    session = await evaluate(BIG_EDITED);
    expect(session.reply.ok).toBe(true);
    await wait(500);
    await record();
    console.log(`[figures] quanta the context skipped through the 32-signal edits: ${tap.gaps}`);
    const sr = shape.sampleRate;
    expect(firstDifferenceFromReplay(tap.samples, sr, script(), TOLERANCE)).toBe(-1);
    const heard = (e: Evaluated) => Math.floor(firstDifferenceFromReplay(tap.samples, sr, script(e), TOLERANCE) / 2);
    const [a, b] = [heard(snippet), heard(session)];
    // Heard in the first quantum the edit rendered (its first frame may fade in from the same value).
    for (const [at, e] of [
      [a, snippet],
      [b, session],
    ] as const) {
      expect(at).toBeGreaterThanOrEqual(e.reply.frame);
      expect(at).toBeLessThan(e.reply.frame + 128);
    }
    console.log(
      `[figures] one-signal edit of big.js: as a snippet evaluated in ${snippet.reply.evaluateMs} ms, heard ${heardAfter(snippet, a).toFixed(1)} ms after evaluate(); ` +
        `as the whole session evaluated in ${session.reply.evaluateMs} ms, heard ${heardAfter(session, b).toFixed(1)} ms after evaluate() (replies after ${snippet.replyMs.toFixed(1)} / ${session.replyMs.toFixed(1)} ms)`,
    );
  });

  it('stops (the runtime renders no more once stop() resolves), starts again from its frame, refuses a render function', async () => {
    const got = await call<{ framesBefore: number; stopped: number; later: number; resumed: number; running: boolean; refused: string }>('liveStop');
    expect(got.later).toBe(got.stopped);
    expect(got.stopped).toBeGreaterThanOrEqual(got.framesBefore);
    expect(got.resumed).toBeGreaterThan(got.later);
    expect(got.refused).toBe('TypeError');
  });
});
