import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compiledScript } from '../support/repository';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { findFreePort } from '@baton/orchestration/process';
import { startAppProcess, type AppProcess } from '../support/app-process';
import { graphqlData } from '../support/graphql-client';
import { useTestStack, type TestStack } from '../support/test-stack';

const API_MAIN = compiledScript('apps/api/src/main.ts');
const WORKER_MAIN = compiledScript('apps/worker/src/main.ts');

/**
 * The application decides what runs: the demo (`npm start`, API and worker in one process) serves PackageBuilder and
 * the examples; the production API (`npm run start:api`) knows only PackageBuilder, like the production workers.
 */
describe('the workflows each main serves (real processes)', () => {
  let stack: TestStack;
  const apps: AppProcess[] = [];

  beforeAll(async () => {
    stack = await useTestStack();
  });

  afterAll(async () => {
    for (const app of apps) {
      app.child.kill('SIGTERM');
      await app.exited;
    }
    await stack?.stop();
  });

  async function environment(extra: Record<string, string>): Promise<NodeJS.ProcessEnv> {
    return {
      ...process.env,
      TEMPORAL_ADDRESS: stack.temporalAddress,
      TEMPORAL_NAMESPACE: stack.namespace,
      DATABASE_URL: stack.databaseUrl,
      BATON_HOME: mkdtempSync(join(tmpdir(), 'baton-mains-')),
      ...extra,
    };
  }

  async function workflowsOf(runWorker: boolean): Promise<string[]> {
    const port = await findFreePort();
    const env = await environment({ PORT: String(port), BATON_RUN_WORKER: String(runWorker) });
    const app = startAppProcess(process.execPath, [API_MAIN], { env });
    apps.push(app);
    await app.waitFor('Baton is up');
    const { workflows } = await graphqlData<{ workflows: { name: string }[] }>(`http://127.0.0.1:${port}`, '{ workflows { name } }');
    return workflows.map((workflow) => workflow.name).sort();
  }

  it('the demo serves PackageBuilder and the examples', async () => {
    assert.deepEqual(await workflowsOf(true), ['ApiBatchWorkflow', 'BulkEmailWorkflow', 'DataMigrationWorkflow', 'PackageBuilder']);
  });

  it('the production API knows only the application’s workflows, as the production worker serves them', async () => {
    assert.deepEqual(await workflowsOf(false), ['PackageBuilder']);
    const worker = startAppProcess(process.execPath, [WORKER_MAIN], { env: await environment({ NO_COLOR: '1' }) });
    apps.push(worker);
    await worker.waitFor('Worker running');
    const served = [...worker.output().matchAll(/serves workflow types: (.*)/g)].flatMap((match) => match[1].trim().split(', '));
    assert.deepEqual(served.sort(), ['PackageBuilder']);
  });
});
