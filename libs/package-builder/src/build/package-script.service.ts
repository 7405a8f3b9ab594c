import { Injectable } from '@nestjs/common';
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { describeValue } from '@baton/orchestration';
import type { PackagePlan, ScriptTiming } from '../workflows/build-input';
import { WorkspaceRoots } from '../workflows/workspace-roots';
import { prepareScriptRun, runPreparedScript, type PreparedScriptRun } from './package-script.runner';
import { PACKAGE_OUTSIDE_ROOTS, PACKAGE_SCRIPT_FAILED, PACKAGE_SCRIPT_TIMED_OUT } from '../package-builder.protocol';

/** A run of one of a package's scripts, ready to start (see `PackageScriptService.prepare`). */
export interface PreparedPackageScript {
  script: 'build' | 'test';
  prepared: PreparedScriptRun;
}

/** Lines of output a failure message carries; the full 64 KB tail goes in its details. */
const FAILURE_LINES = 30;

/**
 * Runs a package's own script as a Temporal activity: heartbeats with each output line (Baton's automatic heartbeat
 * repeats the last one while the script is quiet), kills the script's process group when the activity is cancelled,
 * and fails with the end of the output when the script fails.
 * Whoever started the workflow, the package folder must be inside the allowed roots: this is checked here, on the
 * worker, right before anything of the folder is read.
 */
@Injectable()
export class PackageScriptService {
  constructor(private readonly roots: WorkspaceRoots) {}

  /**
   * Everything but the start of the package's script (see `prepareScriptRun`), so that it can overlap other work.
   * `manifest`: package.json as just read for this run, which the run then uses; read again here otherwise.
   */
  async prepare(pkg: PackagePlan, script: 'build' | 'test', manifest?: unknown): Promise<PreparedPackageScript> {
    this.assertInsideRoots(pkg);
    const prepared = await prepareScriptRun(
      {
        packageName: pkg.name,
        packageDir: pkg.dir,
        workspaceRoot: pkg.workspaceRoot,
        script,
        packageManager: pkg.packageManager,
        timeoutMs: pkg.timeoutMs,
      },
      { manifest },
    );
    return { script, prepared };
  }

  /**
   * Starts a prepared run; resolves with when the script ran, by the worker's clock, once it succeeded; rejects as it
   * failed otherwise. `onOutput`: the script's output as it arrives, unchanged (see `RunPackageScriptOptions.onOutput`).
   */
  async run(pkg: PackagePlan, { script, prepared }: PreparedPackageScript, onOutput?: (text: string) => void): Promise<ScriptTiming> {
    const context = Context.current();
    context.heartbeat(`${script} of ${pkg.name} started`);
    const run = await runPreparedScript(prepared, {
      signal: context.cancellationSignal,
      onOutputLine: (line) => context.heartbeat(line),
      onOutput,
    });
    // The runner times the run from just before its first process to the close of its last: the wall clock now,
    // one promise callback later, is its end.
    const endedAt = Date.now();
    if (run.cancelled) {
      throw context.cancellationSignal.reason;
    }
    if (run.timedOut) {
      throw ApplicationFailure.create({
        message:
          `The ${script} script of "${pkg.name}" did not finish within ${pkg.timeoutMs} ms and was killed. ` +
          `Raise timeoutMs in the build input if it needs longer.\n${lastLines(run.outputTail)}`,
        type: PACKAGE_SCRIPT_TIMED_OUT,
        nonRetryable: true,
        details: [{ outputTail: run.outputTail }],
      });
    }
    if (run.exitCode !== 0) {
      const ending = run.exitCode === null ? `was killed by ${run.signal}` : `exited with code ${run.exitCode}`;
      throw ApplicationFailure.create({
        message: `The ${script} script of "${pkg.name}" ${ending}. Last output:\n${lastLines(run.outputTail)}`,
        type: PACKAGE_SCRIPT_FAILED,
        nonRetryable: true,
        details: [{ outputTail: run.outputTail }],
      });
    }
    const durationMs = Math.round(run.durationMs);
    return { script, startedAt: endedAt - durationMs, endedAt, durationMs };
  }

  /**
   * The package folder and its workspace root (whose `node_modules/.bin` folders go on the script's PATH, and which
   * holds the logs and the cache).
   */
  assertInsideRoots({ name, dir, workspaceRoot }: PackagePlan): void {
    const refusal = this.refusal(dir, 'package folder') ?? this.refusal(workspaceRoot, 'workspace');
    if (refusal !== undefined) {
      throw ApplicationFailure.nonRetryable(
        `Refused to build package ${JSON.stringify(name).slice(0, 200)}: ${refusal}.`,
        PACKAGE_OUTSIDE_ROOTS,
      );
    }
  }

  private refusal(dir: unknown, what: 'package folder' | 'workspace'): string | undefined {
    return typeof dir === 'string' && dir !== ''
      ? this.roots.refusal(dir, what)
      : `the ${what} must be a path, but got ${describeValue(dir)}`;
  }
}

function lastLines(output: string): string {
  return output.trimEnd().split('\n').slice(-FAILURE_LINES).join('\n');
}
