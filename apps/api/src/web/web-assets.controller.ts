import { Controller, Get, Param, Res } from '@nestjs/common';
import { createReadStream } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { noWebAssetMessage } from '../api.messages';
import { WebAssets } from './web.assets';
import { sendText, WEB_ASSETS_PATH, WEB_CONTENT_SECURITY_POLICY } from './web.http';

/** Asset names carry a content hash, so a cached copy never goes stale. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * GET /assets/<file>: the files of the bundle built by tools/build-web.mjs (GraphiQL, the dashboard and the chunk they
 * share). Writes to the raw response so the API's JSON conventions never apply to these.
 */
@Controller(WEB_ASSETS_PATH)
export class WebAssetsController {
  constructor(private readonly assets: WebAssets) {}

  @Get(':file')
  async asset(@Param('file') file: string, @Res() res: ServerResponse): Promise<void> {
    const asset = await this.assets.asset(file);
    if (!asset) {
      sendText(res, 404, noWebAssetMessage(file));
      return;
    }
    res.writeHead(200, {
      'content-type': asset.contentType,
      'content-length': asset.size,
      'cache-control': IMMUTABLE,
      // Binds the monaco workers too: a worker script's own response carries its policy.
      'content-security-policy': WEB_CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
    });
    // A rebuild may delete the file between stat and read; the client then sees a truncated response.
    createReadStream(asset.path)
      .on('error', () => res.destroy())
      .pipe(res);
  }
}
