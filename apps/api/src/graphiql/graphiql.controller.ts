import { Controller, Get, Param, Res } from '@nestjs/common';
import { createReadStream } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { noGraphiqlAssetMessage } from '../api.messages';
import { GraphiqlAssets, GraphiqlBundleMissingError } from './graphiql.assets';
import { GRAPHIQL_CONTENT_SECURITY_POLICY, GRAPHIQL_PATH, renderGraphiqlPage } from './graphiql.page';

/** Asset names carry a content hash, so a cached copy never goes stale. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * GET /graphiql: the GraphiQL page; GET /graphiql/assets/<file>: the files of the bundle built by
 * tools/build-graphiql.mjs. Writes to the raw response so the API's JSON conventions never apply to these.
 */
@Controller(GRAPHIQL_PATH)
export class GraphiqlController {
  constructor(private readonly assets: GraphiqlAssets) {}

  @Get()
  async page(@Res() res: ServerResponse): Promise<void> {
    let html: string;
    try {
      html = renderGraphiqlPage(await this.assets.manifest());
    } catch (error) {
      if (!(error instanceof GraphiqlBundleMissingError)) throw error;
      sendText(res, 503, error.message);
      return;
    }
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-cache',
      'content-security-policy': GRAPHIQL_CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
    });
    res.end(html);
  }

  @Get('assets/:file')
  async asset(@Param('file') file: string, @Res() res: ServerResponse): Promise<void> {
    const asset = await this.assets.asset(file);
    if (!asset) {
      sendText(res, 404, noGraphiqlAssetMessage(file));
      return;
    }
    res.writeHead(200, {
      'content-type': asset.contentType,
      'content-length': asset.size,
      'cache-control': IMMUTABLE,
      // Binds the monaco workers too: a worker script's own response carries its policy.
      'content-security-policy': GRAPHIQL_CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
    });
    // A rebuild may delete the file between stat and read; the client then sees a truncated response.
    createReadStream(asset.path)
      .on('error', () => res.destroy())
      .pipe(res);
  }
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(`${text}\n`);
}
