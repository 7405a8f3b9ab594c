import { Injectable } from '@nestjs/common';
import { Step, Workflow } from '@baton/orchestration';
import { PackageBuildService } from '../build/package-build.service';
import type { PackageBuildOutcome, PackagePlan } from './build-input';

/** Builds one package (its `build` script, then `test` when asked) in one activity. */
@Workflow({ name: 'BuildPackage', internal: true })
@Injectable()
export class BuildPackageWorkflow {
  constructor(private readonly packages: PackageBuildService) {}

  /** Scripts enforce their own time limit (timeoutMs); the step's timeouts are only backstops. */
  @Step({ startToCloseTimeout: '24 hours', heartbeatTimeout: '30s', retry: { attempts: 1 } })
  build(pkg: PackagePlan): Promise<PackageBuildOutcome> {
    return this.packages.build(pkg);
  }
}
