import type { INestApplication, LoggerService, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { IncomingMessage } from 'node:http';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Infrastructure } from '../../../libs/orchestration/src/infrastructure';
import { ApiServerModule } from './api-server.module';
import type { ApiOptions } from './config/api-options';
import { GRAPHQL_PATH } from './graphql/graphql-options';
import { MAX_MESSAGE_BYTES } from './security/message-size';
import { originAllowed, refuseForeignCallers } from './security/origin-policy';

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
 * What every API application needs before it listens: the request size limit, CORS as configured, and the refusal of
 * pages on other origins and of unknown hosts without a key (the same rule as the WebSocket upgrade's).
 */
export function configureApiApplication(app: NestExpressApplication, api: Pick<ApiOptions, 'corsOrigins' | 'apiKey'>): void {
  app.useBodyParser('json', { limit: MAX_MESSAGE_BYTES });
  app.enableCors((request: IncomingMessage, callback: (error: Error | null, options: { origin: boolean; credentials: boolean }) => void) =>
    callback(null, { origin: originAllowed(request.headers, api.corsOrigins), credentials: false }),
  );
  app.use(GRAPHQL_PATH, refuseForeignCallers({ corsOrigins: api.corsOrigins, apiKeyRequired: api.apiKey !== undefined }));
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
