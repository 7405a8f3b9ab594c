import { Injectable } from '@nestjs/common';
import { Step, Workflow } from '@baton/orchestration';
import { PackageScriptService } from '../build/package-script.service';
import type { PackageBuildOutcome, PackagePlan } from './build-input';

/**
 * Builds one package with its own `build` script, then runs its `test` script when the run asks for tests.
 * One activity does both: a second one would cost every package another round trip through the server, on the
 * critical path of the whole build.
 */
@Workflow({ name: 'BuildPackage', internal: true })
@Injectable()
export class BuildPackageWorkflow {
  constructor(private readonly scripts: PackageScriptService) {}

  /** Scripts enforce their own time limit (timeoutMs); the step's timeouts are only backstops. */
  @Step({ startToCloseTimeout: '24 hours', heartbeatTimeout: '30s', retry: { attempts: 1 } })
  async build(pkg: PackagePlan): Promise<PackageBuildOutcome> {
    const buildMs = pkg.hasBuild ? await this.scripts.run(pkg, 'build') : undefined;
    const testMs = pkg.runTests ? await this.scripts.run(pkg, 'test') : undefined;
    return {
      name: pkg.name,
      status: 'succeeded',
      ...(buildMs === undefined ? {} : { buildMs }),
      ...(testMs === undefined ? {} : { testMs }),
    };
  }
}
