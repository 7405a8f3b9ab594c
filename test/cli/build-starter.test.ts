import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { OrchestrationModule, type OrchestrationModuleOptions } from '@baton/orchestration';
import { PackageBuilderModule } from '@baton/package-builder';
import { BuildStarter } from '../../apps/cli/src/build.starter';
import { useTestStack, type TestStack } from '../support/test-stack';

describe('BuildStarter: the build starts while the worker boots, once its creation is under way', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await useTestStack();
  });
  afterAll(async () => {
    await stack.stop();
  });

  /** The build's module as `baton build` makes it, on a task queue of its own, with these worker options. */
  const starterModule = (starter: BuildStarter, workspace: string, worker: OrchestrationModuleOptions['worker']) => {
    @Module({
      imports: [
        OrchestrationModule.forRoot({
          temporal: { address: stack.temporalAddress, namespace: stack.namespace },
          defaultTaskQueue: `test-${randomUUID()}`,
          worker,
        }),
        PackageBuilderModule.withWorkspaceRoots([workspace]),
      ],
      providers: [starter.provider()],
    })
    class StarterModule {}
    return StarterModule;
  };

  it('has started the workflow once the context exists, with no worker yet, and abandon() terminates it', async () => {
    const dir = oneWorkspace();
    const starter = new BuildStarter({ workspace: dir });
    // No worker: what runs is only what the module init started.
    const app = await NestFactory.createApplicationContext(starterModule(starter, dir, { enabled: false }), { logger: ['error', 'warn'] });
    try {
      const handle = await starter.handle();
      const started = await handle.describe();
      assert.equal(started.status.name, 'RUNNING');
      assert.equal(started.type, 'PackageBuilder');
      assert.equal(started.historyLength, 2, 'started, its first workflow task waiting for a worker');
      await starter.abandon('the test has no worker');
      assert.equal((await handle.describe()).status.name, 'TERMINATED');
    } finally {
      await app.close();
    }
  });

  it('starts nothing when the worker cannot gather what it needs: the start waits for its creation', async () => {
    const dir = oneWorkspace();
    // A file where the bundle cache folder should be: the worker's bundle cannot be written, so it is never created.
    const blocked = join(dir, 'not-a-folder');
    writeFileSync(blocked, '');
    const starter = new BuildStarter({ workspace: dir });
    const failingWorker = starterModule(starter, dir, { bundleCacheDir: join(blocked, 'bundles') });
    await assert.rejects(NestFactory.createApplicationContext(failingWorker, { logger: false }), /ENOTDIR/);
    await assert.rejects(starter.handle(), /ENOTDIR/, 'the start was never requested: the worker failed first');
    await starter.abandon('the worker could not boot');
  });
});

function oneWorkspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'baton-build-starter-'));
  mkdirSync(join(dir, 'packages', 'a'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'w', private: true, workspaces: ['packages/*'] }));
  writeFileSync(join(dir, 'packages', 'a', 'package.json'), JSON.stringify({ name: 'a', version: '1.0.0', scripts: { build: 'true' } }));
  return dir;
}
