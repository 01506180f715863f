import { inlineReport } from '@aither/core';
import { casesOf, signalOf } from '@aither/helper-kit';
import * as helpers from '@aither/helpers';
import { CASES as HELPERS } from '@aither/helpers/cases';
import * as physical from '@aither/helpers-physical';
import { CASES as PHYSICAL } from '@aither/helpers-physical/cases';
import { describe, expect, it } from 'vitest';

// Hosts load the helper packages as published: bundled, where the bundler may
// rename a module's functions and constants (`coefficients` → `coefficients2`).
// A helper whose step then names something its `uses` does not give still
// works but is called instead of written into the loop (several times slower):
// check the bundles as shipped, every use in their tables of cases.
describe('the published helper bundles', () => {
  it('have every helper written into compiled loops', () => {
    const install = { install: [helpers, physical] };
    const kernels = (table: typeof HELPERS) => casesOf(Object.fromEntries(Object.entries(table).filter(([, f]) => f.closure === undefined)));
    const cases = [...kernels(HELPERS), ...kernels(PHYSICAL)];
    expect(cases.map(([name]) => name)).toEqual(expect.arrayContaining(['bandpassQ', 'notchQ', 'pluck', 'bell']));
    // No row is a closure: every use of both tables is probed.
    expect(cases.length).toBe(casesOf(HELPERS).length + casesOf(PHYSICAL).length);
    const reports = cases.map(([name, code]) => [name, inlineReport(signalOf(code, install))]);
    expect(reports.filter(([, report]) => report !== null)).toEqual([]);
  }, 60_000); // each probe is bound in a runtime of its own
});
