import { describe, expect, it } from '@jest/globals';
import { ReadyQueue } from '../src/runtime/ready-queue';

function drain(queue: ReadyQueue): number[] {
  const out: number[] = [];
  for (let rank = queue.pop(); rank !== undefined; rank = queue.pop()) {
    out.push(rank);
  }
  return out;
}

/** Deterministic pseudo-random ranks (a linear congruential generator), so a failure can be replayed. */
function ranks(count: number, seed: number, modulo: number): number[] {
  let state = seed;
  return Array.from({ length: count }, () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state % modulo;
  });
}

describe('ReadyQueue', () => {
  it('is empty at first: size 0 and pop gives undefined', () => {
    const queue = new ReadyQueue();
    expect(queue.size).toBe(0);
    expect(queue.pop()).toBeUndefined();
  });

  it('gives back a single rank, then is empty again', () => {
    const queue = new ReadyQueue();
    queue.push(7);
    expect(queue.size).toBe(1);
    expect(queue.pop()).toBe(7);
    expect(queue.size).toBe(0);
    expect(queue.pop()).toBeUndefined();
  });

  it('pops the smallest rank first, whatever the push order', () => {
    const queue = new ReadyQueue();
    for (const rank of [5, 3, 9, 0, 8, 1, 4, 2, 7, 6]) {
      queue.push(rank);
    }
    expect(queue.size).toBe(10);
    expect(drain(queue)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('handles ascending and descending pushes (the sift-up and sift-down extremes)', () => {
    const ascending = new ReadyQueue();
    const descending = new ReadyQueue();
    for (let rank = 0; rank < 32; rank++) {
      ascending.push(rank);
      descending.push(31 - rank);
    }
    const expected = Array.from({ length: 32 }, (_, rank) => rank);
    expect(drain(ascending)).toEqual(expected);
    expect(drain(descending)).toEqual(expected);
  });

  it('keeps duplicate ranks', () => {
    const queue = new ReadyQueue();
    for (const rank of [2, 1, 2, 1, 0, 2]) {
      queue.push(rank);
    }
    expect(drain(queue)).toEqual([0, 1, 1, 2, 2, 2]);
  });

  it('stays ordered when pushes and pops interleave, as in a loop window refilling slots', () => {
    const queue = new ReadyQueue();
    queue.push(4);
    queue.push(2);
    queue.push(6);
    expect(queue.pop()).toBe(2);
    queue.push(1);
    queue.push(5);
    expect(queue.pop()).toBe(1);
    expect(queue.pop()).toBe(4);
    queue.push(0);
    queue.push(3);
    expect(queue.size).toBe(4);
    expect(drain(queue)).toEqual([0, 3, 5, 6]);
  });

  it('agrees with a sort on 2,000 pseudo-random ranks, interleaved with pops', () => {
    const queue = new ReadyQueue();
    const mirror: number[] = [];
    const popped: number[] = [];
    const expectedPops: number[] = [];
    ranks(2_000, 42, 500).forEach((rank, step) => {
      queue.push(rank);
      mirror.push(rank);
      if (step % 3 === 2) {
        mirror.sort((a, b) => a - b);
        expectedPops.push(mirror.shift()!);
        popped.push(queue.pop()!);
      }
    });
    expect(popped).toEqual(expectedPops);
    expect(queue.size).toBe(mirror.length);
    expect(drain(queue)).toEqual(mirror.sort((a, b) => a - b));
  });
});
