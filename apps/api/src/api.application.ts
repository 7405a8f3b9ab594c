import type { INestApplication, LoggerService, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Infrastructure } from '../../../libs/orchestration/src/infrastructure';
import { ApiServerModule } from './api-server.module';
import type { ApiOptions } from './config/api-options';

export interface ApiApplicationOptions {
  api: ApiOptions;
  /** Serve the workflows in this process too. */
  runWorker: boolean;
  port: number;
  /** Defaults to every interface. */
  host?: string;
  logger?: LoggerService | LogLevel[] | false;
}

/**
 * Largest JSON request body: Temporal refuses payloads over 2 MB by default, so a larger `startWorkflow` input could
 * not start anyway.
 */
export const MAX_REQUEST_BODY = '2mb';

/** What every API application needs before it listens: the request size limit and CORS as configured. */
export function configureApiApplication(app: NestExpressApplication, api: Pick<ApiOptions, 'corsOrigins'>): void {
  app.useBodyParser('json', { limit: MAX_REQUEST_BODY });
  if (api.corsOrigins.length > 0) {
    app.enableCors({ origin: api.corsOrigins.includes('*') ? true : api.corsOrigins, credentials: false });
  }
}

/** Creates the API application on the given infrastructure, with CORS as configured, and starts listening. */
export async function startApiApplication(infrastructure: Infrastructure, options: ApiApplicationOptions): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(ApiServerModule.register(infrastructure, options.api, options.runWorker), {
    logger: options.logger,
  });
  configureApiApplication(app, options.api);
  app.enableShutdownHooks();
  await app.listen(options.port, options.host ?? '0.0.0.0');
  return app;
}
