import { warmCases } from '@aither/helper-kit/table';
import * as helpers from '@aither/helpers';
import { CASES } from '@aither/helpers/cases';

/**
 * Every use in the built-in helpers' table of cases played once, on its
 * closures and then on its loop, before the device starts (see `warmCases`
 * of `@aither/helper-kit`: a first use in a process is a dropout when heard).
 */
export function warmHelpers(sampleRate: number, channels: number): { ms: number; cases: number; skipped: number; live: number } {
  return warmCases([helpers], CASES, sampleRate, channels);
}
