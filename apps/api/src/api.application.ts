import type { INestApplication, LoggerService, LogLevel, ModuleMetadata } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { IncomingMessage } from 'node:http';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { InfrastructureConfigError } from '@baton/orchestration';
import type { Infrastructure } from '@baton/dev-stack';
import { isPortFree } from '@baton/orchestration/process';
import { ApiServerModule } from './api-server.module';
import type { ApiOptions } from './config/api-options';
import { GRAPHQL_PATH } from './graphql/graphql-options';
import { MAX_MESSAGE_BYTES } from './security/message-size';
import { originAllowed, refuseForeignCallers } from './security/origin-policy';
import { portInUseMessage } from './api.messages';

export interface ApiApplicationOptions {
  api: ApiOptions;
  /** Serve the workflows in this process too. */
  runWorker: boolean;
  /** The modules declaring the workflows this application runs. */
  workflows: NonNullable<ModuleMetadata['imports']>;
  port: number;
  /** Defaults to every interface. */
  host?: string;
  logger?: LoggerService | LogLevel[] | false;
}

const DEFAULT_HOST = '0.0.0.0';

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

/**
 * Creates the API application on the given infrastructure, with CORS as configured, and starts listening. The caller
 * owns shutdown (close the application): Nest's shutdown hooks would re-raise the signal once closed, killing the
 * process before it stopped the servers it started.
 */
export async function startApiApplication(infrastructure: Infrastructure, options: ApiApplicationOptions): Promise<INestApplication> {
  const host = options.host ?? DEFAULT_HOST;
  const app = await NestFactory.create<NestExpressApplication>(
    ApiServerModule.register(infrastructure, options.api, options.runWorker, options.workflows),
    {
      logger: options.logger,
    },
  );
  configureApiApplication(app, options.api);
  try {
    await app.listen(options.port, host);
  } catch (error) {
    await app.close();
    throw (error as NodeJS.ErrnoException).code === 'EADDRINUSE' ? portInUseError(options.port, host) : error;
  }
  return app;
}

/** Fails when `port` is taken, naming the fix, before anything else starts. */
export async function assertApiPortFree(port: number, host = DEFAULT_HOST): Promise<void> {
  if (!(await isPortFree(port, host))) throw portInUseError(port, host);
}

function portInUseError(port: number, host: string): InfrastructureConfigError {
  return new InfrastructureConfigError('PORT', portInUseMessage(port, host));
}
