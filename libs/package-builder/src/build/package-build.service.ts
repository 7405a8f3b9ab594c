import { Injectable } from '@nestjs/common';
import { Context } from '@temporalio/activity';
import { PackageCache } from '../cache/package-cache';
import { openPackageLog } from '../logs/package-log.writer';
import type { PackageBuildOutcome, PackagePlan } from '../workflows/build-input';
import { markBuild } from './build-timeline';
import { readPackageJson } from './package-json.reader';
import { PackageScriptService } from './package-script.service';

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
    markBuild(pkg.dir, 'activity entered');
    // Before anything of the workspace is read or written.
    this.scripts.assertInsideRoots(pkg);
    // Everything before the script's start that does not wait on something else goes side by side: opening the log,
    // the cache's reads, and from the one read of package.json both the cache key and the build script's run (which
    // must find the script declared in that read). A promise not awaited on every path has its rejection handled at
    // once: a failure is reported where the promise is awaited, and a cache hit never awaits the script's preparation.
    const opening = openPackageLog(pkg.workspaceRoot, pkg.workflowId ?? runningWorkflowId(), pkg.name).then((log) => {
      markBuild(pkg.dir, 'log opened');
      return log;
    });
    opening.catch(() => undefined);
    try {
      const manifest = readPackageJson(pkg.name, pkg.dir).then((read) => {
        markBuild(pkg.dir, 'package.json read');
        return read;
      });
      const preparing = pkg.hasBuild ? manifest.then((read) => this.scripts.prepare(pkg, 'build', read)) : undefined;
      preparing?.catch(() => undefined);
      const cache = await PackageCache.open(pkg, manifest);
      markBuild(pkg.dir, 'cache key computed');
      const cachedLog = cache.usable && pkg.force !== true ? await cache.restore() : undefined;
      markBuild(pkg.dir, 'cache checked');
      const log = await opening;
      const done = { name: pkg.name, status: 'succeeded', logPath: log.path } as const;
      if (cachedLog !== undefined) {
        log.write(`Cache hit (${cache.key.slice(0, 16)}): outputs restored; the output of the build they come from follows.\n`);
        log.write(cachedLog);
        return { ...done, cache: 'hit', scripts: [] };
      }
      const build = preparing === undefined ? undefined : await this.scripts.run(pkg, await preparing, log.write);
      // Read again: the build script may have changed package.json.
      const test = pkg.runTests ? await this.scripts.run(pkg, await this.scripts.prepare(pkg, 'test'), log.write) : undefined;
      await cache.save(log.close().then(() => log.path));
      markBuild(pkg.dir, 'cache saved');
      return {
        ...done,
        cache: 'miss',
        ...(build === undefined ? {} : { buildMs: build.durationMs }),
        ...(test === undefined ? {} : { testMs: test.durationMs }),
        scripts: [build, test].filter((timing) => timing !== undefined),
      };
    } finally {
      await opening.then(
        (log) => log.close(),
        () => undefined,
      );
      markBuild(pkg.dir, 'activity returning');
    }
  }
}

/** A plan without `workflowId` (made by an older planner) files its logs under the workflow running the activity. */
function runningWorkflowId(): string {
  const { workflowExecution, activityId } = Context.current().info;
  return workflowExecution?.workflowId ?? `activity-${activityId}`;
}
