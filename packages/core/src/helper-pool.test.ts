import { describe, expect, it } from 'vitest';
import { HelperPool } from './helper-pool.js';

describe('HelperPool', () => {
  it('places blocks first-fit, back to back', () => {
    const pool = new HelperPool(100);
    expect(pool.alloc(10)).toBe(0);
    expect(pool.alloc(20)).toBe(10);
    expect(pool.alloc(5)).toBe(30);
    expect(pool.used).toBe(35);
    expect(pool.blocks).toBe(3);
    expect(pool.largestFree).toBe(65);
  });

  it('merges a freed block with free neighbours on both sides', () => {
    const pool = new HelperPool(100);
    const a = pool.alloc(10);
    const b = pool.alloc(10);
    const c = pool.alloc(10);
    pool.free(a, 10);
    pool.free(c, 10);
    expect(pool.freeIntervals()).toEqual([
      [0, 10],
      [20, 80],
    ]);
    pool.free(b, 10);
    expect(pool.freeIntervals()).toEqual([[0, 100]]);
    expect(pool.used).toBe(0);
    expect(pool.blocks).toBe(0);
  });

  it('merges a block freed right after the last free interval, with nothing free after it', () => {
    const pool = new HelperPool(30);
    const a = pool.alloc(10);
    const b = pool.alloc(10);
    pool.alloc(10);
    pool.free(a, 10);
    pool.free(b, 10);
    expect(pool.freeIntervals()).toEqual([[0, 20]]);
    expect(pool.largestFree).toBe(20);
  });

  it('reuses a freed hole for a claim that fits it', () => {
    const pool = new HelperPool(100);
    pool.alloc(10);
    const hole = pool.alloc(30);
    pool.alloc(10);
    pool.free(hole, 30);
    expect(pool.alloc(25)).toBe(hole);
    expect(pool.alloc(5)).toBe(hole + 25);
  });

  it('zeroes reused memory', () => {
    const pool = new HelperPool(16);
    const a = pool.alloc(4);
    pool.memory.fill(7, a, a + 4);
    pool.free(a, 4);
    const b = pool.alloc(4);
    expect([...pool.memory.subarray(b, b + 4)]).toEqual([0, 0, 0, 0]);
  });

  it('returns -1 when nothing fits, and changes nothing', () => {
    const pool = new HelperPool(10);
    pool.alloc(4);
    const before = pool.freeIntervals();
    expect(pool.alloc(7)).toBe(-1);
    expect(pool.freeIntervals()).toEqual(before);
    expect(pool.used).toBe(4);
  });

  it('gives a zero-sized claim offset 0 and a count of its own, and takes no slots for it', () => {
    const pool = new HelperPool(100);
    pool.alloc(10);
    const zero = pool.alloc(0);
    expect([zero, pool.blocks, pool.used]).toEqual([0, 2, 10]);
    expect(pool.freeIntervals()).toEqual([[10, 90]]);
    pool.free(zero, 0);
    expect([pool.blocks, pool.used]).toEqual([1, 10]);
    expect(pool.freeIntervals()).toEqual([[10, 90]]);
  });

  it('refuses a size that is not a positive integer, and a limit below the size or not an integer', () => {
    for (const size of [0, -4, 2.5]) expect(() => new HelperPool(size)).toThrow(new RangeError(`helperPoolSize must be a positive integer, got ${size}`));
    for (const limit of [9, 10.5]) {
      expect(() => new HelperPool(10, limit)).toThrow(new RangeError(`maxHelperPoolSize must be an integer >= helperPoolSize (10), got ${limit}`));
    }
    expect(new HelperPool(10, 10).limit).toBe(10);
    expect(new HelperPool(10).limit).toBe(10);
    expect(new HelperPool(1, 11).limit).toBe(11);
  });

  it('refuses a double free', () => {
    const pool = new HelperPool(10);
    const a = pool.alloc(4);
    pool.free(a, 4);
    expect(() => pool.free(a, 4)).toThrow(/double free/);
  });

  it('restores the exact free list when a claim is undone', () => {
    const pool = new HelperPool(64);
    const x = pool.alloc(8);
    pool.alloc(8);
    pool.free(x, 8);
    const before = pool.freeIntervals();
    const y = pool.alloc(3);
    pool.free(y, 3);
    expect(pool.freeIntervals()).toEqual(before);
  });
});
