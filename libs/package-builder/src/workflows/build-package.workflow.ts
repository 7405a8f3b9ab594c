import { Injectable } from '@nestjs/common';
import { DependsOn, Step, Workflow } from '../../../orchestration/src';
import { PackageScriptService } from '../build/package-script.service';
import type { PackageBuildOutcome, PackagePlan } from './build-input';

/** Scripts report their own time limit (timeoutMs); these are only backstops. */
const SCRIPT_STEP = { startToCloseTimeout: '24 hours', heartbeatTimeout: '30s', retry: { attempts: 1 } } as const;

interface BuiltPackage {
  pkg: PackagePlan;
  outcome: PackageBuildOutcome;
}

/** Builds one package (its own `build` script), then runs its `test` script when the run asks for tests. */
@Workflow({ name: 'BuildPackage' })
@Injectable()
export class BuildPackageWorkflow {
  constructor(private readonly scripts: PackageScriptService) {}

  @Step(SCRIPT_STEP)
  async build(pkg: PackagePlan): Promise<BuiltPackage> {
    if (!pkg.hasBuild) {
      return { pkg, outcome: { name: pkg.name, status: 'skipped', reason: 'skipped: its package.json has no "build" script' } };
    }
    return { pkg, outcome: { name: pkg.name, status: 'succeeded', buildMs: await this.scripts.run(pkg, 'build') } };
  }

  @DependsOn('build')
  @Step(SCRIPT_STEP)
  async test({ pkg, outcome }: BuiltPackage): Promise<PackageBuildOutcome> {
    if (!pkg.runTests || outcome.status === 'skipped') {
      return outcome;
    }
    return { ...outcome, testMs: await this.scripts.run(pkg, 'test') };
  }
}
