import { Injectable } from '@nestjs/common';

export interface RecordedRun {
  name: string;
  start: number;
  end?: number;
}

/** Records when each step or item ran, from inside the activities themselves. */
@Injectable()
export class ActivityRecorder {
  readonly runs: RecordedRun[] = [];
  private running = 0;
  maxRunning = 0;

  async track<T>(name: string, work: () => Promise<T>): Promise<T> {
    const run: RecordedRun = { name, start: performance.now() };
    this.runs.push(run);
    this.maxRunning = Math.max(this.maxRunning, ++this.running);
    try {
      return await work();
    } finally {
      this.running--;
      run.end = performance.now();
    }
  }

  named(name: string): RecordedRun[] {
    return this.runs.filter((run) => run.name === name);
  }
}
