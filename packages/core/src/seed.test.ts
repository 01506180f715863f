import { describe, expect, it } from 'vitest';
import { hash } from './seed.js';

describe('hash', () => {
  it('is 32-bit FNV-1a (the published test vectors)', () => {
    expect(hash('')).toBe(0x811c9dc5);
    expect(hash('a')).toBe(0xe40c292c);
    expect(hash('foobar')).toBe(0xbf9cf968);
  });

  it('is a stable, non-zero 32-bit unsigned integer for block keys', () => {
    for (const text of ['h_noise_0:0', 'h_noise_0:1', 'x'.repeat(1000)]) {
      const h = hash(text);
      expect(h).toBe(hash(text));
      expect(Number.isInteger(h) && h > 0 && h < 2 ** 32).toBe(true);
    }
    expect(hash('h_noise_0:0')).not.toBe(hash('h_noise_0:1'));
  });
});
