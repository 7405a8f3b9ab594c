import { startInfrastructure } from '@baton/dev-stack';

export interface TestStack {
  temporalAddress: string;
  namespace: string;
  databaseUrl: string;
  stop(): Promise<void>;
}

/**
 * The real Temporal server and PostgreSQL the tests run against. `npm test` starts them once and passes
 * TEMPORAL_ADDRESS / DATABASE_URL to every test file; a file run on its own starts its own embedded stack.
 */
export async function useTestStack(): Promise<TestStack> {
  const infrastructure = await startInfrastructure();
  return {
    temporalAddress: infrastructure.temporal.address,
    namespace: infrastructure.temporal.namespace,
    databaseUrl: infrastructure.database.url,
    stop: () => infrastructure.stop(),
  };
}
