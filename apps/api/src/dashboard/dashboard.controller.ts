import { Controller, Get, Res } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { WebAssets } from '../web/web.assets';
import { sendPage } from '../web/web.http';
import { renderDashboardPage } from './dashboard.page';

/**
 * The dashboard's pages: one HTML shell for every path it routes (`/`, `/executions/:id`, `/workflows/:name`); the
 * script reads the address and asks the GraphQL API for the rest.
 */
@Controller()
export class DashboardController {
  constructor(private readonly assets: WebAssets) {}

  @Get(['', 'executions/:id', 'workflows/:name'])
  page(@Res() res: ServerResponse): Promise<void> {
    return sendPage(res, this.assets, 'dashboard', renderDashboardPage);
  }
}
