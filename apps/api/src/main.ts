/**
 * `npm start`, the main job: starts (or connects to) Temporal and PostgreSQL, serves every workflow and the GraphQL
 * API in one process. BATON_RUN_WORKER=false runs the API alone (production, next to separate workers).
 * SIGINT/SIGTERM stop the API, drain the worker and stop the servers it started; a second signal stops them at once.
 */
import { ProcessLifecycle, startInfrastructure } from '../../../libs/orchestration/src/infrastructure';
import { findFreeTemporalMetricsAddress, installTemporalRuntime } from '../../../libs/orchestration/src/worker/temporal-runtime';
import { assertApiPortFree, startApiApplication } from './api.application';
import { apiOptionsFromEnvironment, portFromEnvironment } from './config/api-options';
import { firstSteps } from './first-steps';

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
  const app = await startApiApplication(infrastructure, { api, runWorker, port, logger: ['error', 'warn'] });
  lifecycle.onStop(() => app.close());
  console.log(firstSteps({ port, api, runWorker, temporalUiUrl: infrastructure.temporal.uiUrl }));
}

const lifecycle = new ProcessLifecycle(console);
bootstrap(lifecycle).catch((error: unknown) => lifecycle.fail(error));
