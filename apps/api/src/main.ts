/**
 * `npm start`, the main job and demo: starts (or connects to) Temporal and PostgreSQL, serves PackageBuilder and the
 * examples and the GraphQL API in one process. BATON_RUN_WORKER=false (`npm run start:api`) runs the API alone, for
 * production next to `npm run start:worker` processes: then only the application's workflows (PackageBuilder), as
 * those workers serve; the examples, with their demo backends, belong to the demo.
 * SIGINT/SIGTERM stop the API, drain the worker and stop the servers it started; a second signal stops them at once.
 */
import { ProcessLifecycle } from '@baton/orchestration/process';
import { startInfrastructure } from '@baton/dev-stack';
import { findFreeTemporalMetricsAddress, installTemporalRuntime } from '@baton/orchestration';
import { assertApiPortFree, startApiApplication } from './api.application';
import { apiOptionsFromEnvironment, portFromEnvironment } from './config/api-options';
import { firstSteps } from './first-steps';
import { ExamplesModule } from '../../../examples/examples.module';
import { PackageBuilderModule } from '@baton/package-builder';

async function bootstrap(lifecycle: ProcessLifecycle): Promise<void> {
  const api = apiOptionsFromEnvironment();
  const port = portFromEnvironment();
  const runWorker = process.env.BATON_RUN_WORKER !== 'false';
  // Before the servers start, which takes seconds, rather than after.
  await assertApiPortFree(port);
  // The Temporal core's metrics reach Prometheus through the API's own /metrics.
  process.env.BATON_TEMPORAL_METRICS_ADDRESS ??= await findFreeTemporalMetricsAddress();
  installTemporalRuntime();
  const infrastructure = await startInfrastructure();
  lifecycle.onStop(() => infrastructure.stop());
  const workflows = runWorker ? [PackageBuilderModule, ExamplesModule] : [PackageBuilderModule];
  const app = await startApiApplication(infrastructure, { api, runWorker, workflows, port, logger: ['error', 'warn'] });
  lifecycle.onStop(() => app.close());
  console.log(firstSteps({ port, api, runWorker, temporalUiUrl: infrastructure.temporal.uiUrl }));
}

const lifecycle = new ProcessLifecycle(console);
bootstrap(lifecycle).catch((error: unknown) => lifecycle.fail(error));
