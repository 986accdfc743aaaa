import { describe, expect, it } from 'vitest';
import { MinHeap } from './min-heap.ts';

describe('the simulation agenda', () => {
  it('hands out items earliest first, ties in the order given by the comparison', () => {
    const heap = new MinHeap<[number, string]>(
      (a, b) => a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]),
    );
    for (const item of [
      [5, 'e'],
      [1, 'b'],
      [3, 'c'],
      [1, 'a'],
      [9, 'z'],
      [3, 'd'],
    ] as const)
      heap.push([...item]);
    const out: string[] = [];
    while (heap.size > 0) out.push(heap.pop()![1]);
    expect(out).toEqual(['a', 'b', 'c', 'd', 'e', 'z']);
  });
});
