// The property: every run of operations keeps every invariant. Settings come
// from the environment; a failure comes back as a report that says how to
// replay it.
import fc from 'fast-check';
import { run } from './arbitraries.js';
import type { Run } from './ops.js';
import { FuzzRun, SWITCHES, type Switch } from './runner.js';

export interface FuzzSettings {
  readonly runs: number;
  /** Operations per run, on average. */
  readonly ops: number;
  readonly seed: number | undefined;
  readonly path: string | undefined;
  readonly off: ReadonlySet<Switch>;
  /** `pnpm fuzz` rather than the CI run. */
  readonly long: boolean;
}

/**
 * FUZZ_RUNS, FUZZ_OPS (per run, on average), FUZZ_SEED, FUZZ_PATH (with the seed:
 * replays one shrunk counterexample), FUZZ_OFF (comma-separated checks or
 * operations to switch off, see SWITCHES). `pnpm fuzz` runs 5,000 runs; the
 * suite 250.
 */
export function settingsFromEnv(env: Record<string, string | undefined> = process.env): FuzzSettings {
  const long = env.npm_lifecycle_event === 'fuzz';
  const int = (name: string, fallback: number): number => {
    const v = env[name];
    if (v === undefined || v === '') return fallback;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`${name} must be a positive integer, got '${v}'`);
    return n;
  };
  const off = new Set<Switch>();
  for (const s of (env.FUZZ_OFF ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean)) {
    if (!(SWITCHES as readonly string[]).includes(s)) throw new RangeError(`FUZZ_OFF: unknown switch '${s}' (known: ${SWITCHES.join(', ')})`);
    off.add(s as Switch);
  }
  const seed = env.FUZZ_SEED === undefined || env.FUZZ_SEED === '' ? undefined : Number(env.FUZZ_SEED);
  if (seed !== undefined && !Number.isInteger(seed)) throw new RangeError(`FUZZ_SEED must be an integer, got '${env.FUZZ_SEED}'`);
  return { runs: int('FUZZ_RUNS', long ? 5000 : 250), ops: int('FUZZ_OPS', 50), seed, path: env.FUZZ_PATH || undefined, off, long };
}

export interface FuzzOutcome {
  /** The report of the shrunk counterexample, or null when every run passed. */
  readonly failure: string | null;
  readonly runs: number;
  /** Operations applied in all, shrinking included. */
  readonly operations: number;
  readonly seed: number;
}

/** Applies one run; throws the first violation. */
export function applyRun(r: Run, off: ReadonlySet<Switch>): number {
  const fuzz = new FuzzRun(r.config, off);
  try {
    fuzz.start();
    for (const op of r.ops) fuzz.apply(op);
    fuzz.finish();
    return fuzz.count;
  } finally {
    fuzz.dispose();
  }
}

export function fuzz(settings: FuzzSettings): FuzzOutcome {
  let operations = 0;
  const property = fc.property(run(settings.ops), (r) => {
    operations += applyRun(r, settings.off);
  });
  const details = fc.check(property, {
    numRuns: settings.runs,
    ...(settings.seed === undefined ? {} : { seed: settings.seed }),
    ...(settings.path === undefined ? {} : { path: settings.path }),
  });
  if (!details.failed) return { failure: null, runs: details.numRuns, operations, seed: details.seed };
  const off = settings.off.size > 0 ? ` FUZZ_OFF=${[...settings.off].join(',')}` : '';
  const replay = `FUZZ_SEED=${details.seed} FUZZ_PATH=${details.counterexamplePath ?? ''}${off} pnpm fuzz`;
  const error = details.errorInstance;
  const message = error instanceof Error ? (error.name === 'Violation' ? error.message : (error.stack ?? error.message)) : String(error);
  const failure = [
    `Ownership fuzzer: a run failed (seed ${details.seed}, after ${details.numRuns} run(s), shrunk ${details.numShrinks} time(s)).`,
    `Replay it (from the repository root or packages/core): ${replay}`,
    '',
    message,
    '',
    `Counterexample: ${fc.stringify(details.counterexample?.[0])}`,
  ].join('\n');
  return { failure, runs: details.numRuns, operations, seed: details.seed };
}
