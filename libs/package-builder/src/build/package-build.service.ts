import { Injectable } from '@nestjs/common';
import { Context } from '@temporalio/activity';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PackageCache } from '../cache/package-cache';
import { openPackageLog } from '../logs/package-log.writer';
import type { PackageBuildOutcome, PackagePlan } from '../workflows/build-input';
import { PackageScriptService } from './package-script.service';
import { UnreadablePackageJsonError } from './unreadable-package-json.error';

/**
 * Builds one package inside one activity: its `build` script, then its `test` script when the run asks for tests,
 * with their output in the package's log of the run; unless the cache holds a build of the same inputs, whose outputs
 * are then restored instead. One activity does all of it: a second one would cost every package another round trip
 * through the server, on the critical path of the whole build.
 */
@Injectable()
export class PackageBuildService {
  constructor(private readonly scripts: PackageScriptService) {}

  async build(pkg: PackagePlan): Promise<PackageBuildOutcome> {
    // Before anything of the workspace is read or written.
    this.scripts.assertInsideRoots(pkg);
    const log = await openPackageLog(pkg.workspaceRoot, pkg.workflowId ?? runningWorkflowId(), pkg.name);
    const done = { name: pkg.name, status: 'succeeded', logPath: log.path } as const;
    try {
      const cache = await PackageCache.open(pkg, await readManifest(pkg));
      const cachedLog = cache.usable && pkg.force !== true ? await cache.restore() : undefined;
      if (cachedLog !== undefined) {
        log.write(`Cache hit (${cache.key.slice(0, 16)}): outputs restored; the output of the build they come from follows.\n`);
        log.write(cachedLog);
        return { ...done, cache: 'hit', scripts: [] };
      }
      const build = pkg.hasBuild ? await this.scripts.run(pkg, 'build', log.write) : undefined;
      const test = pkg.runTests ? await this.scripts.run(pkg, 'test', log.write) : undefined;
      await log.close();
      await cache.save(log.path);
      return {
        ...done,
        cache: 'miss',
        ...(build === undefined ? {} : { buildMs: build.durationMs }),
        ...(test === undefined ? {} : { testMs: test.durationMs }),
        scripts: [build, test].filter((timing) => timing !== undefined),
      };
    } finally {
      await log.close();
    }
  }
}

/** A plan without `workflowId` (made by an older planner) files its logs under the workflow running the activity. */
function runningWorkflowId(): string {
  const { workflowExecution, activityId } = Context.current().info;
  return workflowExecution?.workflowId ?? `activity-${activityId}`;
}

async function readManifest({ name, dir }: PackagePlan): Promise<unknown> {
  const path = join(dir, 'package.json');
  try {
    return JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new UnreadablePackageJsonError(name, path, error);
  }
}
