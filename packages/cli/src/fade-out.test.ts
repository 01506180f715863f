import { describe, expect, it } from 'vitest';
import { renderedFor } from './fade-out.js';

describe('renderedFor', () => {
  it('waits for the frames to be rendered, however late the sink renders them', async () => {
    // A sink that renders 0.02 s of audio every 20 ms of wall time, after a 100 ms stall.
    const runtime = { frame: 4800, sampleRate: 48000 };
    const started = Date.now();
    const pulling = setInterval(() => {
      if (Date.now() - started > 100) runtime.frame += 960;
    }, 20);
    await renderedFor(runtime, 0.1, 5000);
    clearInterval(pulling);
    expect(runtime.frame).toBeGreaterThanOrEqual(4800 + 4800);
    expect(Date.now() - started).toBeGreaterThanOrEqual(180); // the stall and five pulls, not the 100 ms a wall clock would wait
  });

  it('gives up after its cap when nothing renders (a sink that stopped pulling)', async () => {
    const runtime = { frame: 0, sampleRate: 48000 };
    const started = Date.now();
    await renderedFor(runtime, 1, 60);
    expect(Date.now() - started).toBeGreaterThanOrEqual(60);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
