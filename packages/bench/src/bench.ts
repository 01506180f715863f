// pnpm bench: each case runs in its own Node process, so one case's type
// feedback cannot slow another's, and prints ns per frame, × real time, heap
// growth and GC events.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { inlineReport } from '@aither/core';
import { CASES, HELPERS, varyMixer } from './cases.js';
import { hatKernel, seedKernel, voiceKernel } from './fused-kernels.js';
import { measure, measurePair, SR, type Figures, type Pair } from './measure.js';
import { rowChild, sessionRows } from './session-rows.js';

const self = fileURLToPath(import.meta.url);

/** Chains and their hand-fused references (label, case). */
const CHAINS: Array<[chain: string, references: Array<[string, string]>]> = [
  [
    'seed example',
    [
      ['hand-fused kernel', 'seed, hand-fused kernel'],
      ['bare JS loop, state in locals', 'seed, fused JS, state in locals'],
    ],
  ],
  [
    'voice (saw, lpf, gain)',
    [
      ['hand-fused kernel', 'voice, hand-fused kernel'],
      ['bare JS loop, state in locals', 'voice, fused JS'],
      ['bare JS loop + engine duties', 'voice, fused JS + engine duties'],
    ],
  ],
  ['hat (noise, hpf, decay)', [['hand-fused kernel', 'hat, hand-fused kernel']]],
];
const caseArg = process.argv.indexOf('--case');

async function childPair(a: string, b: string): Promise<void> {
  const pa = CASES[a];
  const pb = CASES[b];
  if (!pa) throw new Error(`no case ${a}`);
  if (!pb) throw new Error(`no case ${b}`);
  varyMixer();
  // The headline comparisons get long rounds; the per-helper table, many short ones.
  const light = a.startsWith('helper');
  process.stdout.write(JSON.stringify(await measurePair(pa(), pb(), light ? { warmup: 2, seconds: 2, rounds: 9 } : { warmup: 3, seconds: 4, rounds: 15 })));
}

async function child(name: string): Promise<void> {
  const prepare = CASES[name];
  if (!prepare) throw new Error(`no case ${name}`);
  varyMixer();
  const light = name.startsWith('helper') || name.startsWith('bare');
  const figures = await measure(prepare(), light ? { warmup: 2, seconds: 0.5, runs: 5 } : { warmup: 3, seconds: 1, runs: 7 });
  process.stdout.write(JSON.stringify(figures));
}

/** Runs a case in `repeats` fresh processes (JIT decisions vary between processes) and keeps the median. */
function run(name: string, repeats = 3): Figures {
  const all = Array.from({ length: repeats }, () => JSON.parse(execFileSync(process.execPath, ['--expose-gc', self, '--case', name], { encoding: 'utf8' })) as Figures).sort(
    (a, b) => a.ns - b.ns,
  );
  return all[Math.floor(repeats / 2)]!;
}

/** Runs two cases alternately in `repeats` fresh processes and keeps the run with the median ratio. */
function pair(a: string, b: string, repeats = 3): Pair {
  const all = Array.from({ length: repeats }, () => JSON.parse(execFileSync(process.execPath, ['--expose-gc', self, '--pair', a, b], { encoding: 'utf8' })) as Pair).sort(
    (x, y) => x.ratio - y.ratio,
  );
  return all[Math.floor(repeats / 2)]!;
}

const xrt = (ns: number) => 1e9 / (ns * SR);
const row = (name: string, f: Figures) =>
  `${name.padEnd(28)}${f.ns.toFixed(1).padStart(9)}${xrt(f.ns).toFixed(0).padStart(10)}×${(f.heap / 1024).toFixed(0).padStart(11)}${String(f.gcs).padStart(6)}`;

async function main(): Promise<void> {
  console.log(`Aither render benchmark — ${SR} Hz, 128-frame blocks, Node ${process.version}, one process per case`);
  console.log(`${'case'.padEnd(28)}${'ns/frame'.padStart(9)}${'real time'.padStart(11)}${'heap KiB'.padStart(11)}${'GCs'.padStart(6)}`);
  const main = ['osc (bare)', 'seed example', 'seed, fused JS', 'seed example, stereo', '64 × seed', '64 × seed, fused JS'];
  const results: Record<string, Figures> = {};
  for (const name of main) {
    results[name] = run(name);
    console.log(row(name, results[name]!));
  }
  const many = results['64 × seed']!.ns;
  // The ratio comes from the two loops timed in alternation in one process (median of 3 processes).
  const vsFused = pair('seed example', 'seed, fused JS');
  const manyVsFused = pair('64 × seed', '64 × seed, fused JS');
  console.log(`\nseed / fused = ${vsFused.ratio.toFixed(2)}× (goal ≤ 1.10×; timed in alternation: ${vsFused.a.ns.toFixed(1)} vs ${vsFused.b.ns.toFixed(1)} ns)`);
  console.log(`64 × seed / 64 × fused = ${manyVsFused.ratio.toFixed(2)}× (${manyVsFused.a.ns.toFixed(0)} vs ${manyVsFused.b.ns.toFixed(0)} ns)`);
  const late = pair('seed example, clock past 2^32', 'seed example');
  const lateUser = pair('user function calling osc, clock past 2^32', 'user function calling osc');
  console.log(`clock past 2^32 frames / from 0: seed ${late.ratio.toFixed(2)}×, user function ${lateUser.ratio.toFixed(2)}× (goal ≤ 1.05×)`);
  const load = (many * SR) / 1e9;
  console.log(`64 copies: ${xrt(many).toFixed(1)}× real time, headroom ${((1 - load) * 100).toFixed(0)}% (goal ≥ 50%)`);

  for (const [name, make] of Object.entries({ seedKernel, voiceKernel, hatKernel })) {
    const report = inlineReport(make());
    if (report) console.log(`(warning: ${name} is called, not written in: ${report})`);
  }
  console.log(`\nChains, each timed in alternation with references (median of 3 processes): the same chain`);
  console.log(`hand-fused as one kernel in the engine (what composing helpers costs: goal ≤ 1.10×), as a bare`);
  console.log(`JS loop with state in locals, and that loop doing the engine's work per signal and frame too`);
  console.log(`(NaN guard, fade gain, mix).`);
  for (const [chain, references] of CHAINS) {
    console.log(chain);
    for (const [label, reference] of references) {
      const p = pair(chain, reference);
      console.log(`  vs ${label.padEnd(34)}${p.a.ns.toFixed(1).padStart(7)} vs ${p.b.ns.toFixed(1).padStart(6)} ns = ${p.ratio.toFixed(2)}×`);
    }
  }
  console.log(`\nEach helper: "cost" = its signal minus the same signal without it (sources: minus an empty compiled`);
  console.log(`signal; effects: minus their 220 Hz sine input), timed in alternation, median of 3 processes`);
  console.log(`(goal: ≤ 25 ns per helper, reverb excepted)`);
  console.log(`${'helper'.padEnd(20)}${'mono ns'.padStart(9)}${'cost'.padStart(8)}${'stereo ns'.padStart(11)}${'cost'.padStart(8)}`);
  const over: string[] = [];
  for (const name of Object.keys(HELPERS)) {
    // Sources are compared with an empty signal, effects with their sine input.
    const source = !/\bx\b/.test(HELPERS[name]!);
    const mono = pair(`helper ${name}`, source ? 'empty signal' : 'bare input (osc 220)');
    const stereo = pair(`helper ${name}, stereo`, source ? 'empty signal, stereo' : 'bare input, stereo');
    if (mono.difference > 25 && name !== 'reverb') over.push(name);
    console.log(
      `${name.padEnd(20)}${mono.a.ns.toFixed(1).padStart(9)}${mono.difference.toFixed(1).padStart(8)}${stereo.a.ns.toFixed(1).padStart(11)}${stereo.difference.toFixed(1).padStart(8)}`,
    );
  }
  console.log(`helpers over 25 ns mono: ${over.join(', ') || 'none'}`);
  const user = run('empty user function');
  const calling = run('user function calling osc');
  console.log(`\nSignals written as the user's own functions render frame by frame: empty ${user.ns.toFixed(1)} ns, calling an osc ${calling.ns.toFixed(1)} ns.`);
  sessionRows(self);
}

const pairArg = process.argv.indexOf('--pair');
const rowArg = process.argv.indexOf('--row');
if (rowArg >= 0) await rowChild(process.argv[rowArg + 1]!, process.argv[rowArg + 2] ?? '');
else if (caseArg >= 0) await child(process.argv[caseArg + 1]!);
else if (pairArg >= 0) await childPair(process.argv[pairArg + 1]!, process.argv[pairArg + 2]!);
else await main();
