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

/** Creates the API application on the given infrastructure, with CORS as configured, and starts listening. */
export async function startApiApplication(infrastructure: Infrastructure, options: ApiApplicationOptions): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(ApiServerModule.register(infrastructure, options.api, options.runWorker), {
    logger: options.logger,
  });
  const { corsOrigins } = options.api;
  if (corsOrigins.length > 0) {
    app.enableCors({ origin: corsOrigins.includes('*') ? true : corsOrigins, credentials: false });
  }
  app.enableShutdownHooks();
  await app.listen(options.port, options.host ?? '0.0.0.0');
  return app;
}
