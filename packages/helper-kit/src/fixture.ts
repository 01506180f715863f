/**
 * One row of a helper package's table of cases: how to use one exported
 * helper in a small signal. The same row is what the conformance suite checks
 * and what a benchmark times, so adding a helper to the table is the only step
 * to get it tested and benched.
 *
 * Code is session code (an expression) over the installed helpers and three
 * test signals: `x`, an input that differs per channel (a 0.4-amplitude sine,
 * 330 Hz on channel 0 and 470 Hz on channel 1); `mod`, a parameter that moves
 * (800 ± 300 at 3 Hz: a cutoff in Hz, say); and `slow`, ±0.5 at 0.1 Hz, rising
 * from 0 (negative for the first time 5 s in).
 *
 * @example
 * ```ts
 * const ring: HelperFixture = { code: 'ring(x, 30)', modulated: 'ring(x, mod)' };
 * ```
 */
export interface HelperFixture {
  /** A signal using the helper, e.g. `'lowpass(x, 800)'`. */
  readonly code: string;
  /** The same with a parameter that moves (`mod`), e.g. `'lowpass(x, mod)'`: runs its per-frame prepare. */
  readonly modulated?: string;
  /**
   * The helper under slow modulation, e.g. `'vibrato(x, 0.2, slow)'`: code that
   * first runs seconds after the loop was optimised (a slow LFO's second half, a
   * gate's falling edge, an envelope's release). Checked for no GC at all over
   * 60 s, in three fresh runtimes; see `docs/helpers.md`, *Rules of the hot path*.
   */
  readonly slow?: string;
  /** More uses worth checking on their own (a mode, a range), by label, e.g. `{ 'true peak': 'limiter(x, -1, 0.1, { truePeak: true })' }`. */
  readonly variants?: Readonly<Record<string, string>>;
  /**
   * The helper makes its signal stereo (`widen(2)`, as `pan` does): its mono
   * rendering is a fold-down, so channel 0 of stereo is not compared with it.
   */
  readonly widens?: boolean;
  /**
   * A known allocation, said plainly (what allocates, how much): the zero-GC
   * check is then listed as a todo with this text instead of run, so the
   * defect shows in every test report until it is fixed and the field removed.
   */
  readonly allocates?: string;
  /**
   * Why this helper is a closure by design (made with `defineHelper`, it is
   * called as a function, not written into the loop). Omit for kernels: the
   * suite then requires it to be written in, and bit-exact against its closure.
   */
  readonly closure?: string;
}

/** A helper package's cases, by exported name. */
export type HelperTable = Readonly<Record<string, HelperFixture>>;

/** Every use a fixture names, as `[label, code]`: `''` for `code`, then `'modulated'`, then the variants. */
export function usesOf(fixture: HelperFixture): Array<[label: string, code: string]> {
  const uses: Array<[string, string]> = [['', fixture.code]];
  if (fixture.modulated !== undefined) uses.push(['modulated', fixture.modulated]);
  for (const [label, code] of Object.entries(fixture.variants ?? {})) uses.push([label, code]);
  return uses;
}

/** Every case of a table, as `[name, code]`: `'lowpass'`, `'lowpass (modulated)'`, ... (for benchmarks and probes). */
export function casesOf(table: HelperTable): Array<[name: string, code: string]> {
  return Object.entries(table).flatMap(([name, fixture]) => usesOf(fixture).map(([label, code]): [string, string] => [label ? `${name} (${label})` : name, code]));
}
