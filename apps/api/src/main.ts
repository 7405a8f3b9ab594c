/**
 * `npm start`, the main job: starts (or connects to) Temporal and PostgreSQL, serves every workflow and the GraphQL
 * API in one process. BATON_RUN_WORKER=false runs the API alone (production, next to separate workers).
 */
import { startInfrastructure } from '../../../libs/orchestration/src/infrastructure';
import { findFreeTemporalMetricsAddress, installTemporalRuntime } from '../../../libs/orchestration/src/worker/temporal-runtime';
import { startApiApplication } from './api.application';
import { apiOptionsFromEnvironment, portFromEnvironment } from './config/api-options';
import { firstSteps } from './first-steps';

async function bootstrap(): Promise<void> {
  const api = apiOptionsFromEnvironment();
  const port = portFromEnvironment();
  const runWorker = process.env.BATON_RUN_WORKER !== 'false';
  // The Temporal core's metrics reach Prometheus through the API's own /metrics.
  process.env.BATON_TEMPORAL_METRICS_ADDRESS ??= await findFreeTemporalMetricsAddress();
  installTemporalRuntime();
  const infrastructure = await startInfrastructure();
  const app = await startApiApplication(infrastructure, { api, runWorker, port, logger: ['error', 'warn'] }).catch(async (error: unknown) => {
    await infrastructure.stop();
    throw error;
  });
  console.log(firstSteps({ port, api, runWorker, temporalUiUrl: infrastructure.temporal.uiUrl }));

  let stopping: Promise<void> | undefined;
  const stop = (signal: string) =>
    (stopping ??= (async () => {
      console.log(`${signal} received: stopping the API and draining workers`);
      await app.close();
      await infrastructure.stop();
    })());
  process.once('SIGINT', () => void stop('SIGINT').then(() => process.exit(0)));
  process.once('SIGTERM', () => void stop('SIGTERM').then(() => process.exit(0)));
}

bootstrap().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
