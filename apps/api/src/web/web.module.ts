import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DashboardController } from '../dashboard/dashboard.controller';
import { GraphiqlController } from '../graphiql/graphiql.controller';
import { WebAssets } from './web.assets';
import { WebAssetsController } from './web-assets.controller';

export interface WebModuleOptions {
  /** Serve GraphiQL at /graphiql. */
  graphiql: boolean;
  /** Serve the dashboard at /, /executions/:id and /workflows/:name. */
  dashboard: boolean;
  /** Where tools/build-web.mjs wrote the bundle; defaults to the repository's `dist/web`. */
  assetsDir?: string;
}

/**
 * tools/build-web.mjs writes the bundle to `dist/web` at the repository root. This file runs compiled
 * (dist/apps/api/src/web) or, under Jest, from its source (apps/api/src/web): the nearest ancestor with a `dist/web`
 * folder serves both.
 */
export const DEFAULT_WEB_ASSETS_DIR = nearestBundle(__dirname);

function nearestBundle(from: string): string {
  for (let dir = from; dirname(dir) !== dir; dir = dirname(dir)) {
    if (existsSync(join(dir, 'dist', 'web'))) return join(dir, 'dist', 'web');
  }
  return join(from, '..', '..', '..', '..', 'web');
}

/**
 * The API's browser pages, served from bundled assets so they work offline (Apollo's and Nest's landing pages load
 * from a CDN): GraphiQL and the dashboard, both clients of `/graphql` on the same origin. Registers nothing when
 * both are off.
 */
@Module({})
export class WebModule {
  static register(options: WebModuleOptions): DynamicModule {
    const pages: Type[] = [];
    if (options.graphiql) pages.push(GraphiqlController);
    if (options.dashboard) pages.push(DashboardController);
    if (pages.length === 0) return { module: WebModule };
    const assetsDir = options.assetsDir ?? DEFAULT_WEB_ASSETS_DIR;
    return {
      module: WebModule,
      controllers: [WebAssetsController, ...pages],
      providers: [{ provide: WebAssets, useFactory: () => new WebAssets(assetsDir) }],
    };
  }
}
