import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeSink } from './conformance.js';
import { ExampleSink } from './example-sink.js';

// The README's example sink is this file, verbatim, and it passes the suite every sink passes.
describeSink('the README example', { make: (o) => new ExampleSink(o.sampleRate, o.channels) });

describe('core README', () => {
  it('shows the example sink exactly as tested', () => {
    const readme = readFileSync(new URL('../../core/README.md', import.meta.url), 'utf8');
    const source = readFileSync(new URL('./example-sink.ts', import.meta.url), 'utf8');
    expect(readme).toContain(source.trim());
  });
});
