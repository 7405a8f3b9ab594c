import { Controller, Get, Res } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { WebAssets } from '../web/web.assets';
import { sendPage } from '../web/web.http';
import { GRAPHIQL_PATH, renderGraphiqlPage } from './graphiql.page';

/** GET /graphiql: the GraphiQL page; its files come from /assets (WebAssetsController). */
@Controller(GRAPHIQL_PATH)
export class GraphiqlController {
  constructor(private readonly assets: WebAssets) {}

  @Get()
  page(@Res() res: ServerResponse): Promise<void> {
    return sendPage(res, this.assets, 'graphiql', renderGraphiqlPage);
  }
}
