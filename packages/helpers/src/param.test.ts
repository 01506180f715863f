import { describe, expect, it } from 'vitest';
import { lfoSin } from './param.js';

describe('param', () => {
  it('lfoSin is within 0.0011 of sin(2π·p) over a cycle, as its doc states', () => {
    let worst = 0;
    for (let i = 0; i < 100000; i++) worst = Math.max(worst, Math.abs(lfoSin(i / 100000) - Math.sin((2 * Math.PI * i) / 100000)));
    expect(worst).toBeLessThanOrEqual(0.0011);
    expect(worst).toBeGreaterThan(0.0009); // the figure is the approximation's, not a loose bound
  });
});
