import { ConsoleLogger, type ModuleMetadata } from '@nestjs/common';
import { Test, type TestingModuleBuilder } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import {
  loadInfrastructureConfig,
  OrchestrationModule,
  userCacheFolder,
  type OrchestrationModuleOptions,
  type PersistenceSettings,
} from '@baton/orchestration';
import type { BatonTestOptions } from './baton-test.options';
import { BatonTestingModule } from './baton-testing-module';
import { useTestTemporal } from './test-temporal.server';

/** What replaces an overridden provider, as in `@nestjs/testing`; each returns the builder, so calls chain. */
export interface BatonOverrideBy {
  useValue(value: unknown): BatonTestingModuleBuilder;
  useClass(metatype: unknown): BatonTestingModuleBuilder;
  useFactory(options: { factory: (...args: never[]) => unknown; inject?: unknown[] }): BatonTestingModuleBuilder;
}

type ModuleDefinition = Parameters<ReturnType<TestingModuleBuilder['overrideModule']>['useModule']>[0];

/**
 * `@nestjs/testing`'s builder, deferred: the overrides are recorded and applied in `compile()`, once the Temporal
 * server and the task queue the module's `OrchestrationModule` needs are known.
 */
export class BatonTestingModuleBuilder {
  private readonly overrides: ((builder: TestingModuleBuilder) => void)[] = [];

  constructor(
    private readonly metadata: ModuleMetadata,
    private readonly options: BatonTestOptions = {},
  ) {}

  /** Replaces a provider (a mailer, a repository, a client of another service) with a fake, a class or a factory. */
  overrideProvider(token: unknown): BatonOverrideBy {
    const by = (apply: (override: ReturnType<TestingModuleBuilder['overrideProvider']>) => void): BatonTestingModuleBuilder => {
      this.overrides.push((builder) => apply(builder.overrideProvider(token)));
      return this;
    };
    return {
      useValue: (value) => by((override) => override.useValue(value)),
      useClass: (metatype) => by((override) => override.useClass(metatype)),
      useFactory: (options) => by((override) => override.useFactory(options)),
    };
  }

  /** Replaces an imported module with another, as `@nestjs/testing` does. */
  overrideModule(module: ModuleDefinition): { useModule(replacement: ModuleDefinition): BatonTestingModuleBuilder } {
    return {
      useModule: (replacement) => {
        this.overrides.push((builder) => builder.overrideModule(module).useModule(replacement));
        return this;
      },
    };
  }

  /**
   * Finds or starts the Temporal server, compiles the Nest module with Baton in it, and starts its worker (the
   * workflow bundle is compiled, or reused from the cache, before this resolves).
   */
  async compile(): Promise<BatonTestingModule> {
    const temporal = await useTestTemporal(this.options.temporal);
    try {
      const taskQueue = this.options.taskQueue ?? `baton-test-${randomUUID()}`;
      const builder = Test.createTestingModule({
        ...this.metadata,
        imports: [OrchestrationModule.forRoot(this.orchestrationOptions(temporal.settings, taskQueue)), ...(this.metadata.imports ?? [])],
      });
      builder.setLogger(this.options.logger ?? new ConsoleLogger({ logLevels: ['error', 'warn'] }));
      for (const override of this.overrides) override(builder);
      const moduleRef = await builder.compile();
      try {
        await moduleRef.init();
      } catch (error) {
        await moduleRef.close();
        throw error;
      }
      return new BatonTestingModule(moduleRef, temporal, taskQueue);
    } catch (error) {
      await temporal.release();
      throw error;
    }
  }

  private orchestrationOptions(temporal: OrchestrationModuleOptions['temporal'], taskQueue: string): OrchestrationModuleOptions {
    return {
      temporal,
      defaultTaskQueue: taskQueue,
      // The user's own cache folder: a shared /tmp would let another user plant a bundle for the tests to run.
      worker: { bundleCacheDir: join(userCacheFolder(), 'test-bundles'), shutdownGraceTime: '1s', ...this.options.worker },
      persistence: this.persistence(),
    };
  }

  private persistence(): PersistenceSettings | undefined {
    const { persistence } = this.options;
    if (persistence === false) return undefined;
    if (persistence !== undefined) return persistence;
    const databaseUrl = loadInfrastructureConfig().database.url;
    return databaseUrl === undefined ? undefined : { databaseUrl };
  }
}
