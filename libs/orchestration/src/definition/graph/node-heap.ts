/** A binary min-heap of node ids under a caller's order: O(log n) push and pop, for the schedulers in this folder. */
export class NodeHeap {
  private readonly heap: Int32Array;
  private count = 0;

  /** `before(a, b)`: whether node `a` comes out before node `b`. */
  constructor(
    capacity: number,
    private readonly before: (a: number, b: number) => boolean,
  ) {
    this.heap = new Int32Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** The first node, without removing it; -1 when empty. */
  peek(): number {
    return this.count === 0 ? -1 : this.heap[0];
  }

  push(node: number): void {
    const { heap, before } = this;
    let i = this.count++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(node, heap[parent])) break;
      heap[i] = heap[parent];
      i = parent;
    }
    heap[i] = node;
  }

  /** Removes and returns the first node; -1 when empty. */
  pop(): number {
    if (this.count === 0) return -1;
    const { heap, before } = this;
    const first = heap[0];
    const last = heap[--this.count];
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= this.count) break;
      if (child + 1 < this.count && before(heap[child + 1], heap[child])) child++;
      if (!before(heap[child], last)) break;
      heap[i] = heap[child];
      i = child;
    }
    heap[i] = last;
    return first;
  }
}
