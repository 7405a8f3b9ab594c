import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { OrchestrationModule } from '@baton/orchestration';
import { PackageBuilderModule } from '@baton/package-builder';
import { BuildStarter } from '../../apps/cli/src/build.starter';
import { useTestStack, type TestStack } from '../support/test-stack';

describe('BuildStarter: the build starts at module init, before the worker boots', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await useTestStack();
  });
  afterAll(async () => {
    await stack.stop();
  });

  it('has started the workflow once the context exists, with no worker yet, and abandon() terminates it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'baton-build-starter-'));
    mkdirSync(join(dir, 'packages', 'a'), { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'w', private: true, workspaces: ['packages/*'] }));
    writeFileSync(join(dir, 'packages', 'a', 'package.json'), JSON.stringify({ name: 'a', version: '1.0.0', scripts: { build: 'true' } }));
    const starter = new BuildStarter({ workspace: dir });
    @Module({
      imports: [
        OrchestrationModule.forRoot({
          temporal: { address: stack.temporalAddress, namespace: stack.namespace },
          defaultTaskQueue: `test-${randomUUID()}`,
          // No worker: what runs is only what the module init started.
          worker: { enabled: false },
        }),
        PackageBuilderModule.withWorkspaceRoots([dir]),
      ],
      providers: [starter.provider()],
    })
    class StarterModule {}

    const app = await NestFactory.createApplicationContext(StarterModule, { logger: ['error', 'warn'] });
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
});
