import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export type BenchWorkerMode = 'baton' | 'baton-lazy' | 'baton-persisted' | 'hand-written';

/** Starts `bench-worker.main` in its own process and resolves once it serves its task queue. */
export function startBenchWorker(mode: BenchWorkerMode, env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(__dirname, 'bench-worker.main.js'), mode], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('bench worker ready') && resolve(child));
    child.once('exit', (code) => reject(new Error(`${mode} bench worker exited with ${code}`)));
  });
}

/** Peak resident memory of a running process, from the kernel's high-water mark. */
export function peakRssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('VmHWM:'))!;
  return Number(line.replace(/\D+/g, '')) / 1024;
}
