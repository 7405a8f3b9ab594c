import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { compiledScript } from './repository';
import type { TestStack } from './test-stack';

const WORKER_SCRIPT = compiledScript('test/support/durable-worker.main.ts');

/**
 * Baton workers in child processes (see durable-worker.main.ts), so that a test can kill one with SIGKILL as a
 * crash or an OOM kill would. Each finished item of their test workflows appends a JSON line to `log`.
 */
export class WorkerProcesses {
  private readonly children: ChildProcess[] = [];

  constructor(
    private readonly stack: TestStack,
    readonly taskQueue: string,
    readonly log: string,
  ) {}

  /** Resolves once the worker polls its task queue. */
  start(): Promise<ChildProcess> {
    const { stack } = this;
    const child = spawn(process.execPath, ['--enable-source-maps', WORKER_SCRIPT], {
      env: {
        ...process.env,
        TEMPORAL_ADDRESS: stack.temporalAddress,
        TEMPORAL_NAMESPACE: stack.namespace,
        DATABASE_URL: stack.databaseUrl,
        BATON_TEST_TASK_QUEUE: this.taskQueue,
        BATON_TEST_LOG: this.log,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    this.children.push(child);
    return new Promise((resolve, reject) => {
      child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('worker ready') && resolve(child));
      child.once('exit', (code) => reject(new Error(`worker exited with ${code} before it was ready`)));
    });
  }

  /** SIGKILL: the worker gets no chance to tell the server anything. Resolves once it is gone. */
  async kill(child: ChildProcess): Promise<void> {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    }
  }

  async killAll(): Promise<void> {
    await Promise.all(this.children.map((child) => this.kill(child)));
  }

  /** The lines the workers' items have logged so far. */
  logged<T>(): T[] {
    let text: string;
    try {
      text = readFileSync(this.log, 'utf8');
    } catch {
      return [];
    }
    return text
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as T);
  }
}
