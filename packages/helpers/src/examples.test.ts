import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createRuntime } from '@aither/core';
import { describe, expect, it } from 'vitest';
import * as helpers from './index.js';
import { render } from './test-support.js';

// Every @example in this package's TSDoc is session code: run each one and
// check that it makes sound. A bare expression is played as it is.
const dir = fileURLToPath(new URL('.', import.meta.url));
const examples: Array<[string, string]> = [];
for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
  const text = readFileSync(dir + file, 'utf8');
  for (const m of text.matchAll(/@example\s*(?:`([^`]+)`|\n\s*\*\s*```ts\n([\s\S]*?)\n\s*\*\s*```)/g)) {
    const code = (m[1] ?? m[2]!.replace(/^\s*\* ?/gm, '')).trim();
    examples.push([`${file}: ${code.split('\n')[0]}`, code]);
  }
}

describe('every @example', () => {
  it('was found', () => expect(examples.length).toBeGreaterThan(40));

  it.each(examples)('%s', (_label, code) => {
    const session = /\b(play|register)\(/.test(code) ? code : /^const /.test(code) ? `${code}\nplay('example', ${/const (\w+)/.exec(code)![1]});` : `play('example', ${code});`;
    const rt = createRuntime({ sampleRate: 48000, channels: 2, install: [helpers] });
    rt.evaluate(session);
    const out = render(rt, 24000);
    // The mixer mutes a signal that turns non-finite and reports it: the faults are the check.
    expect(rt.drainErrors()).toEqual([]);
    expect(out.some((v) => v !== 0)).toBe(true);
  });
});
