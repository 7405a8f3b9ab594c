import type { ModuleMetadata } from '@nestjs/common';
import type { BatonTestOptions } from './baton-test.options';
import { BatonTestingModuleBuilder } from './baton-testing-module.builder';

/**
 * The entry point of the kit, shaped like `@nestjs/testing`'s `Test`:
 *
 * ```ts
 * const baton = await BatonTest.createTestingModule({ providers: [NewsletterWorkflow, Mailer] })
 *   .overrideProvider(Mailer).useValue(fakeMailer)
 *   .compile();
 * ```
 */
export class BatonTest {
  /** `metadata` is the module's, as for `Test.createTestingModule`; Baton's `OrchestrationModule` is added to its imports. */
  static createTestingModule(metadata: ModuleMetadata, options?: BatonTestOptions): BatonTestingModuleBuilder {
    return new BatonTestingModuleBuilder(metadata, options);
  }
}
