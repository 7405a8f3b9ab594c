import { afterAll, beforeAll, describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { DataSource } from 'typeorm';
import {
  BATON_DATA_SOURCE,
  ExecutionQueryService,
  ExecutionReconciler,
  InvalidPersistenceOptionsError,
  PersistenceModule,
  ProgressSinkService,
  RetentionService,
  type PersistenceModuleOptions,
} from '../../src/persistence';
import { simulateLoop } from './progress-batches';
import { createTestDatabase, type TestDatabase } from './test-database';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase('persistence-module', { migrate: false });
});

afterAll(async () => {
  await db?.drop();
});

async function boot(options: PersistenceModuleOptions) {
  @Module({ imports: [PersistenceModule.forRoot(options)] })
  class AppModule {}
  return NestFactory.createApplicationContext(AppModule, { logger: false, abortOnError: false });
}

describe('PersistenceModule', () => {
  it('migrates the database at boot, provides the services, and closes its connections on shutdown', async () => {
    const app = await boot({ databaseUrl: db.url, retention: { itemsAfterHours: 48 } });
    const dataSource = app.get<DataSource>(BATON_DATA_SOURCE);
    try {
      const migrations: unknown[] = await dataSource.query('SELECT name FROM baton_migrations');
      assert.equal(migrations.length, 4);
      for (const service of [ProgressSinkService, ExecutionQueryService, ExecutionReconciler, RetentionService])
        assert.ok(app.get(service));
      const { batches } = simulateLoop({ workflowId: 'through-nest', total: 20, concurrency: 2 });
      for (const batch of batches) await app.get(ProgressSinkService).record(batch);
      const execution = await app.get(ExecutionQueryService).getExecution('through-nest');
      assert.deepEqual(
        [execution?.status, execution?.completed, execution?.elapsedMs],
        ['completed', 20, Date.parse(batches[1].sentAt) - Date.parse(batches[1].startedAt)],
      );
    } finally {
      await app.close();
    }
    assert.equal(dataSource.isInitialized, false);
  });

  it('boots again on a migrated database', async () => {
    const app = await boot({ databaseUrl: db.url });
    await app.close();
  });

  it('lists every invalid option, with the fix', async () => {
    await assert.rejects(
      boot({ databaseUrl: 'mysql://root:secret@db/baton', poolSize: 0, retention: { itemsAfterHours: -1, intervalMs: 1.5 } }),
      (error: unknown) => {
        assert.ok(error instanceof InvalidPersistenceOptionsError);
        assert.equal(error.problems.length, 4);
        assert.match(error.message, /"databaseUrl" must be a postgres:\/\/ URL, but got a string starting with "mysql"/);
        assert.doesNotMatch(error.message, /secret/);
        assert.match(error.message, /"retention.itemsAfterHours" must be a number of hours above 0, but got a number \(-1\)/);
        return true;
      },
    );
  });
});
