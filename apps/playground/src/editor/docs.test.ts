import * as helpers from '@aither/helpers';
import * as physical from '@aither/helpers-physical';
import { describe, expect, it } from 'vitest';
import { docOf, HELPER_DOCS } from './docs.js';

// The completion and hover docs are generated from the helpers' TSDoc at
// build time: every helper a session has in scope must have its entry.
const installed = [...Object.entries(helpers), ...Object.entries(physical)].filter(([, value]) => typeof value === 'function').map(([name]) => name);

describe('the generated helper docs', () => {
  it('have an entry for every exported helper of @aither/helpers and @aither/helpers-physical', () => {
    expect(installed.length).toBeGreaterThan(50);
    expect(installed.filter((name) => !docOf(name))).toEqual([]);
  });

  it.each(installed)('%s: signature, summary and a runnable example', (name) => {
    const doc = docOf(name)!;
    expect(doc.signature.startsWith(`${name}(`)).toBe(true);
    expect(doc.summary.length).toBeGreaterThan(10);
    expect(doc.example).toMatch(/\w+\(/);
    expect(doc.example).not.toMatch(/```/);
  });

  it('carry the units and ranges the TSDoc gives for each parameter', () => {
    expect(docOf('osc')!.params).toEqual([{ name: 'freq', type: 'Param<Hz>', default: '440', rest: false, doc: expect.stringMatching(/^frequency in Hz/) }]);
    expect(docOf('lpf')!.params.find((p) => p.name === 'res')!.doc).toMatch(/0\.\.1/);
    expect(docOf('pluck')!.package).toBe('@aither/helpers-physical');
  });

  it('document the session verbs too', () => {
    for (const verb of ['play', 'register', 'stop', 'mute', 'solo', 'clear']) expect(docOf(verb)?.kind).toBe('verb');
    expect(
      HELPER_DOCS.filter((d) => d.kind === 'helper')
        .map((d) => d.name)
        .sort(),
    ).toEqual([...installed].sort());
  });
});
