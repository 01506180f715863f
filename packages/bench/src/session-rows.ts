// The session rows of `pnpm bench` (issue 13's table): loading a piece while
// audio plays, editing one voice, wide mixes, user functions, the pool, and a
// mono-source stereo chain. Each measurement runs in a fresh Node process (as
// the cases in bench.ts do) through the public API only.
import { execFileSync } from 'node:child_process';
import { PerformanceObserver } from 'node:perf_hooks';
import { createRuntime, PoolExhaustedError, SessionError, type Runtime } from '@aither/core';
import { warmCases } from '@aither/helper-kit/table';
import * as helpers from '@aither/helpers';
import { CASES } from '@aither/helpers/cases';
import { Host } from '@aither/host';
import { SEED } from './cases.js';
import { BLOCK, measure, measurePair, SR } from './measure.js';
import { BIG, MONO_SOURCE, pipeChains, pitch, runtime, seedMix, seedSeparate, userFunctions, voices } from './sessions.js';
import { workletMeters } from './worklet-row.js';

/** One block's budget when rendering at real time, ms. */
const BUDGET = (BLOCK / SR) * 1000;

/** Wall time of one call, ms. */
function timed(f: () => void): number {
  const t0 = process.hrtime.bigint();
  f();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/** Renders `seconds` of audio without timing it. */
function play(rt: Runtime, seconds: number): void {
  const out = new Float32Array(BLOCK * rt.channels);
  for (let i = Math.round((seconds * SR) / BLOCK); i > 0; i--) rt.render(out, BLOCK);
}

/** Renders `seconds` of audio through `host` without timing it. */
function hostPlay(host: Host, seconds: number): void {
  const out = new Float32Array(BLOCK * host.runtime.channels);
  for (let i = Math.round((seconds * SR) / BLOCK); i > 0; i--) host.render(out, BLOCK);
}

/**
 * Each block's wall time through `host` (render and warming), ms, until no
 * signal plays on its closures (at most `seconds` of audio); `renders` gets
 * the render's own part of each (the audio's cost, without the warming).
 */
function untilLive(host: Host, seconds: number, renders: number[] = []): number[] {
  const out = new Float32Array(BLOCK * host.runtime.channels);
  const work: number[] = [];
  const rt = host.runtime;
  const render = rt.render.bind(rt);
  rt.render = (o, frames) => {
    renders.push(timed(() => render(o, frames)));
  };
  for (let i = Math.round((seconds * SR) / BLOCK); i > 0 && rt.warming; i--) work.push(timed(() => host.render(out, BLOCK)));
  rt.render = render;
  return work;
}

/** Each of the next `blocks` blocks' wall time, ms. */
function blockTimes(rt: Runtime, blocks: number): number[] {
  const out = new Float32Array(BLOCK * rt.channels);
  return Array.from({ length: blocks }, () => timed(() => rt.render(out, BLOCK)));
}

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** GC events while `f` runs (entries arrive asynchronously: waited for). */
async function countGc(f: () => void): Promise<number> {
  let gcs = 0;
  const observer = new PerformanceObserver((list) => {
    gcs += list.getEntries().length;
  });
  observer.observe({ entryTypes: ['gc'] });
  f();
  await new Promise((resolve) => setTimeout(resolve, 50));
  observer.disconnect();
  return gcs;
}

export interface Paced {
  /** Blocks whose work exceeded their budget. */
  over: number;
  /** Largest block's work, ms. */
  worst: number;
  /** Largest lag of a block's end behind its real-time deadline, ms (0 when none was late). */
  lag: number;
}

/**
 * A render paced at real time, simulated on a virtual clock: block k may start
 * at k × budget (not earlier: the output buffer is drained at real time) or
 * when block k - 1 is done, takes `work[k]` ms, and is due at (k + 1) × budget.
 * `before` ms of other work (an evaluation) come ahead of block 0.
 */
export function paced(work: readonly number[], before = 0): Paced {
  let done = before;
  let lag = 0;
  for (let k = 0; k < work.length; k++) {
    done = Math.max(done, k * BUDGET) + work[k]!;
    lag = Math.max(lag, done - (k + 1) * BUDGET);
  }
  return { over: work.filter((w) => w > BUDGET).length, worst: Math.max(...work), lag };
}

/** Each row's measurement, by name, run in a child process; prints its figures as JSON. */
const ROWS: Record<string, (arg: string) => Promise<unknown> | unknown> = {
  // The seed plays (warm); the 32-signal piece is evaluated between two blocks; 2 s follow.
  load: () => {
    const rt = runtime(2);
    rt.evaluate(`play('seed', ${SEED});`);
    play(rt, 1);
    const evaluation = timed(() => rt.evaluate(BIG));
    const work = blockTimes(rt, Math.round((2 * SR) / BLOCK));
    return { evaluation, ...paced(work, evaluation) };
  },
  // As `aither play` and the worklet play: a tiered runtime, its blocks rendered by the host
  // (new loops warm in the time a block leaves over), the helpers warmed before the sound starts.
  'load live': () => {
    warmCases([helpers], CASES, SR, 2);
    const rt = runtime(2, true);
    const host = new Host(rt);
    rt.evaluate(`play('seed', ${SEED});`);
    hostPlay(host, 1);
    const evaluation = timed(() => host.evaluate(BIG));
    const work = untilLive(host, 30);
    return { evaluation, ...paced(work, evaluation), live: (work.length * BLOCK) / SR };
  },
  'edit live': () => {
    warmCases([helpers], CASES, SR, 2);
    const rt = runtime(2, true);
    const host = new Host(rt);
    rt.evaluate(voices(64));
    untilLive(host, 30);
    hostPlay(host, 2);
    const out = new Float32Array(BLOCK * 2);
    const steady = median(Array.from({ length: 375 }, () => timed(() => host.render(out, BLOCK))));
    const edits: number[] = [];
    const first: number[][] = [];
    const lives: number[] = [];
    const rendered: number[][] = [];
    for (let e = 1; e <= 5; e++) {
      edits.push(timed(() => host.evaluate(voices(64, 17, pitch(17) * (1 + e / 100)))));
      const renders: number[] = [];
      const work = untilLive(host, 10, renders);
      first.push(work.slice(0, 5));
      rendered.push(renders.slice(0, 5));
      lives.push((work.length * BLOCK * 1000) / SR);
      hostPlay(host, 0.5);
    }
    const at = (blocks: number[][], k: number) => median(blocks.map((b) => b[k] ?? 0));
    const after = [0, 1, 2, 3, 4].map((k) => at(first, k));
    const audio = [0, 1, 2, 3, 4].map((k) => at(rendered, k));
    return { edit: median(edits), after, audio, worst: Math.max(...first.flat()), over: first.flat().filter((w) => w > BUDGET).length, steady, live: median(lives) };
  },
  // 64 voices play (warm); voice 17's pitch is changed five times, each edit followed by 0.5 s.
  edit: () => {
    const rt = runtime(2);
    rt.evaluate(voices(64));
    play(rt, 2);
    const steady = median(blockTimes(rt, 375));
    const edits: number[] = [];
    const first: number[][] = [];
    for (let e = 1; e <= 5; e++) {
      edits.push(timed(() => rt.evaluate(voices(64, 17, pitch(17) * (1 + e / 100)))));
      first.push(blockTimes(rt, 5));
      play(rt, 0.5);
    }
    const after = [0, 1, 2, 3, 4].map((k) => median(first.map((blocks) => blocks[k]!)));
    return { edit: median(edits), after, worst: Math.max(...first.flat()), over: first.flat().filter((w) => w > BUDGET).length, steady };
  },
  // `arg` = "<voices> mix|separate": ns per frame and GC events over 3 timed runs.
  mix: async (arg) => {
    const [count, how] = arg.split(' ') as [string, string];
    const n = Number(count);
    const rt = runtime(1);
    rt.evaluate(how === 'mix' ? seedMix(n) : seedSeparate(n));
    const out = new Float32Array(BLOCK);
    // Warmed by audio, not by wall time: each loop is called once a block, and V8 optimises it only after
    // some hundreds of calls (256 separate loops warmed for 0.5 s of wall time had had 27 and still
    // allocated). The widest mix is timed briefly (it can take a millisecond per frame).
    play(rt, 3);
    const seconds = n > 64 ? 0.05 : 0.25;
    return measure(() => rt.render(out, BLOCK), { warmup: 0.1, seconds, runs: 3 });
  },
  // `arg` = "<signals> user|pipe": ns per frame and GC events over 20 s of audio, after 1 s.
  user: async (arg) => {
    const [count, how] = arg.split(' ') as [string, string];
    const rt = runtime(1);
    rt.evaluate(how === 'user' ? userFunctions(Number(count)) : pipeChains(Number(count)));
    play(rt, 1);
    (globalThis as { gc?: () => void }).gc?.();
    let ms = 0;
    const gcs = await countGc(() => {
      ms = timed(() => play(rt, 20));
    });
    return { ns: (ms * 1e6) / (20 * SR), gcs };
  },
  // 16 seed signals with per-signal level meters on (as the worklet and `aither serve` run) and off, timed in alternation.
  meters: async () => {
    const metered = runtime(2);
    const plain = runtime(2);
    for (const rt of [metered, plain]) {
      rt.evaluate(seedSeparate(16));
      play(rt, 2);
    }
    metered.meterSignals(true);
    const a = new Float32Array(BLOCK * 2);
    const b = new Float32Array(BLOCK * 2);
    const pair = await measurePair(
      () => metered.render(a, BLOCK),
      () => plain.render(b, BLOCK),
      { warmup: 1, seconds: 0.5, rounds: 9 },
    );
    return { metered: pair.a.ns, plain: pair.b.ns, ratio: pair.ratio };
  },
  // `arg` = "seed" | "16": the worklet's process() metered (the shared clock) vs unmetered.
  worklet: (arg) => workletMeters(arg === 'seed' ? `play('seed', ${SEED});` : seedSeparate(16)),
  'mono source': async () => {
    const stereo = runtime(2);
    stereo.evaluate(MONO_SOURCE);
    const mono = runtime(1);
    mono.evaluate(MONO_SOURCE);
    const a = new Float32Array(BLOCK * 2);
    const b = new Float32Array(BLOCK);
    const pair = await measurePair(
      () => stereo.render(a, BLOCK),
      () => mono.render(b, BLOCK),
      { warmup: 1, seconds: 0.5, rounds: 9 },
    );
    return { stereo: pair.a.ns, mono: pair.b.ns, ratio: pair.ratio, centred: centred() };
  },
};

/** Whether `pan(noise(), 0)` comes out identical in both channels. */
function centred(): boolean {
  const rt = runtime(2);
  rt.evaluate(`play('n', pan(noise(), 0), 0);`);
  const out = new Float32Array(BLOCK * 2);
  for (let i = 0; i < 20; i++) {
    rt.render(out, BLOCK);
    for (let f = 0; f < BLOCK; f++) if (out[2 * f] !== out[2 * f + 1]) return false;
  }
  return true;
}

/** Runs row `name` (with `arg`) in this process and writes its figures as JSON: the child's side. */
export async function rowChild(name: string, arg: string): Promise<void> {
  const row = ROWS[name];
  if (!row) throw new Error(`no session row ${name}`);
  process.stdout.write(JSON.stringify(await row(arg)));
}

/**
 * How many seed chains the default helper pool holds without growing, and
 * the slots one takes (no timing: it runs in this process).
 */
function pool(): { fits: number; slots: number; size: number } {
  const size = createRuntime({ sampleRate: SR }).stats().helperSlotsFree;
  const one = createRuntime({ sampleRate: SR, install: [helpers] });
  one.evaluate(`play('seed', ${SEED});`);
  const slots = one.stats().helperSlotsUsed;
  // Sized as the default, and held there: a growing pool would hold them all.
  const rt = createRuntime({ sampleRate: SR, install: [helpers], helperPoolSize: size, maxHelperPoolSize: size });
  try {
    rt.evaluate(Array.from({ length: 512 }, (_, i) => `play('seed${i}', ${SEED});`).join('\n'));
    return { fits: 512, slots, size };
  } catch (error) {
    const cause = error instanceof SessionError ? error.cause : error;
    if (!(cause instanceof PoolExhaustedError)) throw error;
    return { fits: Number(cause.signal.slice(4)), slots, size };
  }
}

/** Prints every session row; `self` is the bench's script, which runs `--row` children. */
export function sessionRows(self: string): void {
  const child = <T>(name: string, arg = ''): T =>
    JSON.parse(execFileSync(process.execPath, ['--expose-gc', self, '--row', name, arg], { encoding: 'utf8', maxBuffer: 1 << 24 })) as T;
  /** The child run of median `key` of `repeats` processes. */
  const med = <T extends object>(name: string, key: keyof T, repeats: number, arg = ''): T =>
    Array.from({ length: repeats }, () => child<T>(name, arg)).sort((x, y) => (x[key] as number) - (y[key] as number))[Math.floor(repeats / 2)]!;

  console.log(`\nSession shapes (issue 13), one process per measurement, median of 3 unless said; blocks of ${BLOCK} frames, ${BUDGET.toFixed(2)} ms budget`);
  const load = med<{ evaluation: number } & Paced>('load', 'lag', 3);
  console.log(
    `load 32-signal stereo piece while playing: evaluation ${load.evaluation.toFixed(1)} ms, then ${load.over} blocks over budget (worst ${load.worst.toFixed(1)} ms): ` +
      `${load.lag.toFixed(1)} ms behind real time (goal ≤ 10 ms)`,
  );
  const edit = med<{ edit: number; after: number[]; worst: number; over: number; steady: number }>('edit', 'edit', 3);
  console.log(
    `edit one pitch of 64 voices: ${edit.edit.toFixed(2)} ms per edit (goal ≤ 1 ms); first 5 blocks after ${edit.after.map((w) => w.toFixed(2)).join(' ')} ms ` +
      `vs ${edit.steady.toFixed(2)} steady, worst ${edit.worst.toFixed(2)} ms, ${edit.over} of 25 over budget (goal 0)`,
  );
  const liveLoad = med<{ evaluation: number; live: number } & Paced>('load live', 'lag', 3);
  console.log(
    `  live (tiered, through the host, helpers warmed first): evaluation ${liveLoad.evaluation.toFixed(1)} ms, then ${liveLoad.over} blocks over budget ` +
      `(worst ${liveLoad.worst.toFixed(1)} ms): ${liveLoad.lag.toFixed(1)} ms behind real time; every loop live after ${liveLoad.live.toFixed(1)} s`,
  );
  const liveEdit = med<{ edit: number; after: number[]; audio: number[]; worst: number; over: number; steady: number; live: number }>('edit live', 'edit', 3);
  console.log(
    `  live edit: ${liveEdit.edit.toFixed(2)} ms per edit; first 5 blocks after ${liveEdit.after.map((w) => w.toFixed(2)).join(' ')} ms with the warming ` +
      `(the render alone ${liveEdit.audio.map((w) => w.toFixed(2)).join(' ')}) vs ${liveEdit.steady.toFixed(2)} steady, ` +
      `worst ${liveEdit.worst.toFixed(2)} ms, ${liveEdit.over} of 25 over budget; the new loop live after ${liveEdit.live.toFixed(0)} ms`,
  );
  for (const n of [16, 64, 256]) {
    const repeats = n > 16 ? 1 : 3;
    const one = med<{ ns: number; gcs: number }>('mix', 'ns', repeats, `${n} mix`);
    const many = med<{ ns: number; gcs: number }>('mix', 'ns', repeats, `${n} separate`);
    console.log(
      `${String(n).padStart(3)} seed voices as one mix(): ${one.ns.toFixed(0)} ns/frame vs ${many.ns.toFixed(0)} as separate signals = ${(one.ns / many.ns).toFixed(2)}×, ` +
        `GC events ${one.gcs} vs ${many.gcs} in ${n > 64 ? 0.15 : 0.75} s${repeats === 1 ? ' (1 process)' : ''} (goal ≤ 1.2×, 0 GC)`,
    );
  }
  for (const n of [2, 4, 8]) {
    const user = med<{ ns: number; gcs: number }>('user', 'ns', 1, `${n} user`);
    const chains = med<{ ns: number; gcs: number }>('user', 'ns', 1, `${n} pipe`);
    console.log(
      `${n} user-function signals vs pipe chains, 20 s: ${user.ns.toFixed(0)} vs ${chains.ns.toFixed(0)} ns/frame = ${(user.ns / chains.ns).toFixed(2)}×, ` +
        `GC events ${user.gcs} vs ${chains.gcs} (1 process; goal 0 GC)`,
    );
  }
  const p = pool();
  console.log(
    `default helper pool: ${p.size} slots (${((p.size * 8) / 1e6).toFixed(1)} MB), holds ${p.fits} seed chains of ${p.slots} slots each without growing (goal ≥ 64 at 48 kHz)`,
  );
  const meters = med<{ metered: number; plain: number; ratio: number }>('meters', 'ratio', 3);
  console.log(
    `16 seed signals with per-signal level meters on vs off: ${meters.metered.toFixed(0)} vs ${meters.plain.toFixed(0)} ns/frame = ${meters.ratio.toFixed(3)}× ` +
      '(the worklet and aither serve meter every signal)',
  );
  for (const arg of ['seed', '16']) {
    const w = med<{ metered: number; unmetered: number; ratio: number }>('worklet', 'ratio', 3, arg);
    console.log(
      `worklet process(), ${arg === 'seed' ? 'the seed' : '16 seed signals'}, load and late-quanta meters on (the shared clock) vs off: ` +
        `${w.metered.toFixed(0)} vs ${w.unmetered.toFixed(0)} ns per quantum = ${w.ratio.toFixed(3)}× (goal: nothing measurable)`,
    );
  }
  const mono = med<{ stereo: number; mono: number; ratio: number; centred: boolean }>('mono source', 'ratio', 3);
  console.log(
    `saw → lpf → pan → delay in stereo vs mono: ${mono.stereo.toFixed(1)} vs ${mono.mono.toFixed(1)} ns/frame = ${mono.ratio.toFixed(2)}×; ` +
      `pan(noise(), 0) ${mono.centred ? 'identical' : 'differs'} in both channels (goal: the chain before pan computed once; identical)`,
  );
}
