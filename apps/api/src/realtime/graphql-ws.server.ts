import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { GraphQLError, parse, specifiedRules, validate, type ExecutionArgs, type GraphQLFormattedError } from 'graphql';
import type { Context, Disposable, SubscribePayload } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { noWebSocketEndpointMessage, tooManySocketOperationsMessage, tooManyWebSocketsMessage } from '../api.messages';
import { API_OPTIONS, type ApiOptions } from '../config/api-options';
import { formatErrorFor } from '../graphql/error-format';
import { GRAPHQL_PATH } from '../graphql/graphql-options';
import { keyMatches } from '../security/api-key';
import { MAX_MESSAGE_BYTES } from '../security/message-size';
import { requestRefusal } from '../security/origin-policy';
import { QueryLimits } from '../security/query-limits';

/**
 * GraphQL over WebSocket (graphql-ws) on the GraphQL path. Baton runs its own WebSocketServer rather than the one
 * @nestjs/graphql builds, which takes only a path: this one refuses pages of other origins with HTTP 403 and
 * connections above the bound with 503 before the handshake, caps every message at the HTTP body limit (so a huge
 * `connection_init` is cut before its key is read), and answers each bad operation with an `error` for its id while
 * the socket and its other subscriptions live on.
 */
@Injectable()
export class GraphqlWsServer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly limits: QueryLimits;
  private readonly format: (error: GraphQLFormattedError) => GraphQLFormattedError;
  private readonly sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  private disposable?: Disposable;
  private httpServer?: Server;

  constructor(
    @Inject(API_OPTIONS) private readonly options: ApiOptions,
    private readonly httpAdapterHost: HttpAdapterHost,
    private readonly schemaHost: GraphQLSchemaHost,
  ) {
    this.limits = new QueryLimits(options);
    this.format = formatErrorFor(options.production);
  }

  onApplicationBootstrap(): void {
    const schema = this.schemaHost.schema;
    this.disposable = useServer<Record<string, unknown> | undefined>(
      {
        schema,
        // Refused connections close with 4403 Forbidden before any operation starts.
        onConnect: (context) => this.options.apiKey === undefined || keyMatches(context.connectionParams?.apiKey, this.options.apiKey),
        onSubscribe: (context, _id, payload) => this.prepare(context, payload),
        context: (context) => context,
        onError: (_context, _id, _payload, errors) => errors.map((error) => this.format(error.toJSON())),
        onNext: (_context, _id, _payload, _args, result) =>
          result.errors === undefined ? undefined : { ...result, errors: result.errors.map((error) => this.format(error.toJSON())) },
      },
      this.sockets,
    );
    this.httpServer = this.httpAdapterHost.httpAdapter.getHttpServer() as Server;
    this.httpServer.on('upgrade', this.upgrade);
  }

  async onModuleDestroy(): Promise<void> {
    this.httpServer?.off('upgrade', this.upgrade);
    await this.disposable?.dispose();
  }

  private readonly upgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    if (new URL(request.url ?? '/', 'http://host').pathname !== GRAPHQL_PATH) {
      return refuse(socket, 404, noWebSocketEndpointMessage(GRAPHQL_PATH));
    }
    const refusal = requestRefusal(request.headers, {
      corsOrigins: this.options.corsOrigins,
      apiKeyRequired: this.options.apiKey !== undefined,
    });
    if (refusal !== undefined) return refuse(socket, 403, refusal);
    if (this.sockets.clients.size >= this.options.maxConnections) {
      return refuse(socket, 503, tooManyWebSocketsMessage(this.options.maxConnections));
    }
    this.sockets.handleUpgrade(request, socket, head, (webSocket) => this.sockets.emit('connection', webSocket, request));
  };

  /**
   * Parses, validates and checks the limits of one operation, so that every mistake becomes an `error` message for
   * its id (graphql-ws would close the whole socket on a syntax error of its own parse).
   */
  private prepare(context: Context<Record<string, unknown> | undefined>, payload: SubscribePayload): ExecutionArgs | GraphQLError[] {
    // graphql-ws registers the operation before this hook runs: the count includes it.
    const running = Object.keys(context.subscriptions).length;
    if (running > this.options.maxSubscriptionsPerSocket) {
      return [new GraphQLError(tooManySocketOperationsMessage(running - 1), { extensions: { code: 'TOO_MANY_OPERATIONS' } })];
    }
    const schema = this.schemaHost.schema;
    let document;
    try {
      document = parse(payload.query);
    } catch (error) {
      if (!(error instanceof GraphQLError)) throw error;
      return [
        new GraphQLError(error.message, { source: error.source, positions: error.positions, extensions: { code: 'GRAPHQL_PARSE_FAILED' } }),
      ];
    }
    const invalid = validate(schema, document, specifiedRules);
    if (invalid.length > 0) {
      return invalid.map(
        (error) => new GraphQLError(error.message, { nodes: error.nodes, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }),
      );
    }
    const variableValues = payload.variables ?? undefined;
    const refused = this.limits.check(schema, document, variableValues, payload.operationName);
    if (refused.length > 0) return refused;
    return { schema, document, variableValues, operationName: payload.operationName ?? undefined };
  }
}

function refuse(socket: Duplex, status: 403 | 404 | 503, message: string): void {
  const reason = { 403: 'Forbidden', 404: 'Not Found', 503: 'Service Unavailable' }[status];
  const body = Buffer.from(message);
  // The client may be gone already; there is nobody left to tell.
  socket.once('error', () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain; ` +
      `charset=utf-8\r\nContent-Length: ${body.length}\r\n\r\n${message}`,
  );
}
