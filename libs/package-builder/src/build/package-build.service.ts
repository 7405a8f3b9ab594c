import { Injectable } from '@nestjs/common';
import type { PackageBuildOutcome, PackagePlan } from '../workflows/build-input';
import { PackageScriptService } from './package-script.service';

/**
 * Builds one package inside one activity: its `build` script, then its `test` script when the run asks for tests.
 * One activity does both: a second one would cost every package another round trip through the server, on the
 * critical path of the whole build.
 */
@Injectable()
export class PackageBuildService {
  constructor(private readonly scripts: PackageScriptService) {}

  async build(pkg: PackagePlan): Promise<PackageBuildOutcome> {
    const build = pkg.hasBuild ? await this.scripts.run(pkg, 'build') : undefined;
    const test = pkg.runTests ? await this.scripts.run(pkg, 'test') : undefined;
    return {
      name: pkg.name,
      status: 'succeeded',
      ...(build === undefined ? {} : { buildMs: build.durationMs }),
      ...(test === undefined ? {} : { testMs: test.durationMs }),
      scripts: [build, test].filter((timing) => timing !== undefined),
    };
  }
}
