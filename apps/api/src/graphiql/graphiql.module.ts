import { Module, type DynamicModule } from '@nestjs/common';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { GraphiqlAssets } from './graphiql.assets';
import { GraphiqlController } from './graphiql.controller';

export interface GraphiqlModuleOptions {
  /** Serve GET /graphiql and /graphiql/assets/*; when false the module registers nothing. */
  enabled: boolean;
  /** Where tools/build-graphiql.mjs wrote the bundle; defaults to the repository's `dist/graphiql`. */
  assetsDir?: string;
}

/**
 * tools/build-graphiql.mjs writes the bundle to `dist/graphiql` at the repository root. This file runs compiled
 * (dist/apps/api/src/graphiql) or, under Jest, from its source (apps/api/src/graphiql): the nearest ancestor with a
 * `dist/graphiql` folder serves both.
 */
export const DEFAULT_GRAPHIQL_ASSETS_DIR = nearestBundle(__dirname);

function nearestBundle(from: string): string {
  for (let dir = from; dirname(dir) !== dir; dir = dirname(dir)) {
    if (existsSync(join(dir, 'dist', 'graphiql'))) return join(dir, 'dist', 'graphiql');
  }
  return join(from, '..', '..', '..', '..', 'graphiql');
}

/**
 * GraphiQL served from bundled assets, so the page works offline; Apollo's and Nest's landing pages load from a
 * CDN. Point it at the API's `/graphql` endpoint on the same origin (queries over HTTP, subscriptions over graphql-ws).
 */
@Module({})
export class GraphiqlModule {
  static register(options: GraphiqlModuleOptions): DynamicModule {
    if (!options.enabled) return { module: GraphiqlModule };
    const assetsDir = options.assetsDir ?? DEFAULT_GRAPHIQL_ASSETS_DIR;
    return {
      module: GraphiqlModule,
      controllers: [GraphiqlController],
      providers: [{ provide: GraphiqlAssets, useFactory: () => new GraphiqlAssets(assetsDir) }],
    };
  }
}
