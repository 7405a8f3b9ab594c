import { Module, type DynamicModule } from '@nestjs/common';
import { join } from 'node:path';
import { GraphiqlAssets } from './graphiql.assets';
import { GraphiqlController } from './graphiql.controller';

export interface GraphiqlModuleOptions {
  /** Serve GET /graphiql and /graphiql/assets/*; when false the module registers nothing. */
  enabled: boolean;
  /** Where tools/build-graphiql.mjs wrote the bundle; defaults to `graphiql/` in the compiled output root (dist/graphiql). */
  assetsDir?: string;
}

/** dist/apps/api/src/graphiql → dist/graphiql, wherever tsc's outDir is. */
export const DEFAULT_GRAPHIQL_ASSETS_DIR = join(__dirname, '..', '..', '..', '..', 'graphiql');

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
