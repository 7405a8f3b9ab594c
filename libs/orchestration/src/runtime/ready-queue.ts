/**
 * Binary min-heap of item ranks: the ready item with the smallest rank (highest priority) comes out first.
 * Ranks are precomputed integers, so each push/pop is O(log n) integer comparisons.
 */
export class ReadyQueue {
  private readonly heap: number[] = [];

  get size(): number {
    return this.heap.length;
  }

  push(rank: number): void {
    const heap = this.heap;
    let index = heap.push(rank) - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (heap[parent] <= rank) {
        break;
      }
      heap[index] = heap[parent];
      index = parent;
    }
    heap[index] = rank;
  }

  pop(): number | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length === 0 || last === undefined) {
      return top;
    }
    let index = 0;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= heap.length) {
        break;
      }
      const right = left + 1;
      const child = right < heap.length && heap[right] < heap[left] ? right : left;
      if (heap[child] >= last) {
        break;
      }
      heap[index] = heap[child];
      index = child;
    }
    heap[index] = last;
    return top;
  }
}
