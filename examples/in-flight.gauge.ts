/**
 * Counts the calls a fake backend is serving at once and the most it ever served: what the backend itself saw,
 * which is the proof that a loop's `concurrency` held.
 */
export class InFlightGauge {
  private current = 0;
  private highest = 0;

  /** Most calls ever in flight at the same time. */
  get peak(): number {
    return this.highest;
  }

  async track<T>(work: () => Promise<T>): Promise<T> {
    this.highest = Math.max(this.highest, ++this.current);
    try {
      return await work();
    } finally {
      this.current--;
    }
  }
}
