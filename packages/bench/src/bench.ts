// pnpm bench: each case runs in its own Node process, so one case's type
// feedback cannot slow another's, and prints ns per frame, × real time, heap
// growth and GC events.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { CASES, HELPERS } from './cases.js';
import { measure, SR, type Figures } from './measure.js';

const self = fileURLToPath(import.meta.url);
const caseArg = process.argv.indexOf('--case');

async function child(name: string): Promise<void> {
  const prepare = CASES[name];
  if (!prepare) throw new Error(`no case ${name}`);
  const light = name.startsWith('helper') || name.startsWith('bare');
  const figures = await measure(prepare(), light ? { warmup: 2, seconds: 0.5, runs: 5 } : { warmup: 3, seconds: 1, runs: 7 });
  process.stdout.write(JSON.stringify(figures));
}

/** Runs a case in `repeats` fresh processes (JIT decisions vary between processes) and keeps the median. */
function run(name: string, repeats = 3): Figures {
  const all = Array.from({ length: repeats }, () =>
    JSON.parse(execFileSync(process.execPath, ['--expose-gc', self, '--case', name], { encoding: 'utf8' })) as Figures,
  ).sort((a, b) => a.ns - b.ns);
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
  const seed = results['seed example']!.ns;
  const fused = results['seed, fused JS']!.ns;
  const many = results['64 × seed']!.ns;
  console.log(`\nseed / fused = ${(seed / fused).toFixed(2)}× (goal ≤ 1.10×)`);
  const load = (many * SR) / 1e9;
  console.log(`64 copies: ${xrt(many).toFixed(1)}× real time, headroom ${((1 - load) * 100).toFixed(0)}% (goal ≥ 50%)`);

  console.log(`\nEach helper on a 220 Hz sine input (median of 3 processes); "cost" = the row minus the bare input, approximate`);
  console.log(`(goal: ≤ 25 ns per helper, reverb excepted)`);
  console.log(`${'helper'.padEnd(14)}${'mono ns'.padStart(9)}${'cost'.padStart(8)}${'stereo ns'.padStart(11)}${'cost'.padStart(8)}${'GCs m/s'.padStart(10)}`);
  const bare = run('bare input (osc 220)').ns;
  const bareStereo = run('bare input, stereo').ns;
  const empty = run('empty signal').ns;
  const emptyStereo = run('empty signal, stereo').ns;
  const over: string[] = [];
  for (const name of Object.keys(HELPERS)) {
    const mono = run(`helper ${name}`);
    const stereo = run(`helper ${name}, stereo`);
    // Sources are compared with an empty signal, effects with their sine input.
    const source = !/\bx\b/.test(HELPERS[name]!);
    const cost = mono.ns - (source ? empty : bare);
    const costStereo = stereo.ns - (source ? emptyStereo : bareStereo);
    if (cost > 25 && name !== 'reverb') over.push(name);
    console.log(
      `${name.padEnd(14)}${mono.ns.toFixed(1).padStart(9)}${cost.toFixed(1).padStart(8)}${stereo.ns.toFixed(1).padStart(11)}${costStereo.toFixed(1).padStart(8)}${`${mono.gcs}/${stereo.gcs}`.padStart(10)}`,
    );
  }
  console.log(`\nempty signal: ${empty.toFixed(1)} / ${emptyStereo.toFixed(1)} ns, sine input: ${bare.toFixed(1)} / ${bareStereo.toFixed(1)} ns (mono / stereo)`);
  console.log(`helpers over 25 ns mono: ${over.join(', ') || 'none'}`);
}

if (caseArg >= 0) await child(process.argv[caseArg + 1]!);
else await main();
