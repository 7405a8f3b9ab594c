import { Controller, Get, Inject, Param, Req, Res } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ExecutionQueryService } from '@baton/orchestration';
import { WorkspaceRoots } from '@baton/package-builder';
import { executionNotFoundMessage, unauthorizedLogMessage } from '../api.messages';
import { API_OPTIONS, type ApiOptions } from '../config/api-options';
import { couldBeExecutionId } from '../graphql/execution-id';
import { keyMatches, keyOfRequest } from '../security/api-key';
import { requestRefusal } from '../security/origin-policy';
import { openPackageLog } from './package-log.locator';

/** The route's path; the dashboard links to it with both parts URL-encoded (`@scope/a` → `%40scope%2Fa`). */
export const PACKAGE_LOG_ROUTE = 'executions/:id/packages/:package/log';

/**
 * One package's log of one PackageBuilder execution, as plain text: behind the same origin, host and API key rules
 * as /graphql. The file is found from the stored report only (see `openPackageLog`), never from a path in the request.
 */
@Controller()
export class PackageLogController {
  private roots?: WorkspaceRoots;

  constructor(
    private readonly queries: ExecutionQueryService,
    private readonly modules: ModuleRef,
    @Inject(API_OPTIONS) private readonly options: ApiOptions,
  ) {}

  @Get(PACKAGE_LOG_ROUTE)
  async log(
    @Param('id') id: string,
    @Param('package') packageName: string,
    @Req() request: IncomingMessage,
    @Res() response: ServerResponse,
  ): Promise<void> {
    const refusal = requestRefusal(request.headers, {
      corsOrigins: this.options.corsOrigins,
      apiKeyRequired: this.options.apiKey !== undefined,
    });
    if (refusal !== undefined) return sendText(response, 403, refusal);
    if (this.options.apiKey !== undefined && !keyMatches(keyOfRequest(request.headers), this.options.apiKey)) {
      return sendText(response, 401, unauthorizedLogMessage());
    }
    const report = couldBeExecutionId(id) ? await this.queries.getReport(id) : null;
    if (report === null) return sendText(response, 404, executionNotFoundMessage(id));
    const log = await openPackageLog(report, id, packageName, this.workspaceRoots());
    if ('status' in log) return sendText(response, log.status, log.message);
    response.writeHead(200, {
      'content-type': 'text/plain; charset=utf-8',
      'content-length': log.size,
      'x-content-type-options': 'nosniff',
      'content-disposition': `inline; filename="${log.fileName.replace(/[^A-Za-z0-9@._+-]/g, '_')}"`,
      'cache-control': 'no-store',
    });
    const stream = log.file.createReadStream();
    stream.on('error', () => response.destroy());
    stream.pipe(response);
  }

  /** The roots the application's PackageBuilder module was given, else BATON_WORKSPACE_ROOTS. */
  private workspaceRoots(): WorkspaceRoots {
    if (this.roots !== undefined) return this.roots;
    try {
      this.roots = this.modules.get(WorkspaceRoots, { strict: false });
    } catch {
      this.roots = WorkspaceRoots.fromEnvironment();
    }
    return this.roots;
  }
}

function sendText(response: ServerResponse, status: number, message: string): void {
  response.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
  });
  response.end(message);
}
