import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { ExecutionEventsModule } from '@baton/orchestration/persistence';
import { API_OPTIONS, type ApiOptions } from './config/api-options';
import { ExpectedSpeedupService } from './forecast/expected-speedup.service';
import { RecordedItemsReader } from './forecast/recorded-items.reader';
import { ExecutionChildrenReader } from './graphql/execution-children.reader';
import { ExecutionLookup } from './graphql/execution.lookup';
import { ItemSummaryReader } from './graphql/item-summary.reader';
import { ItemReader } from './graphql/item.reader';
import { WindowChangesReader } from './graphql/window-changes.reader';
import { graphqlOptions } from './graphql/graphql-options';
import { ExecutionMutationsResolver } from './graphql/resolvers/execution-mutations.resolver';
import { ExecutionSubscriptionsResolver } from './graphql/resolvers/execution-subscriptions.resolver';
import { ExecutionsResolver } from './graphql/resolvers/executions.resolver';
import { WorkflowsResolver } from './graphql/resolvers/workflows.resolver';
import { UserErrorFilter } from './graphql/user-error.filter';
import { HealthModule } from './health/health.module';
import { PackageLogController } from './logs/package-log.controller';
import { MetricsModule } from './metrics/metrics.module';
import { ExecutionFeeds } from './realtime/execution-feeds.service';
import { GraphqlWsServer } from './realtime/graphql-ws.server';
import { WebModule } from './web/web.module';

/**
 * The GraphQL API over Baton's definitions and executions, with the dashboard, /graphiql, /health and /metrics. Import it next to
 * `OrchestrationModule.forRoot(...)` with `persistence` set (the API reads PostgreSQL and listens to it), and the
 * modules that declare the application's workflows (the API validates input and names with them).
 */
@Module({})
export class ApiModule {
  static forRoot(options: ApiOptions): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        GraphQLModule.forRoot<ApolloDriverConfig>({ driver: ApolloDriver, ...graphqlOptions(options) }),
        ExecutionEventsModule,
        WebModule.register({ graphiql: options.graphiql, dashboard: options.dashboard }),
        HealthModule.forRoot(),
        MetricsModule.forRoot(),
      ],
      controllers: [PackageLogController],
      providers: [
        { provide: API_OPTIONS, useValue: options },
        { provide: APP_FILTER, useClass: UserErrorFilter },
        ExecutionLookup,
        ExecutionChildrenReader,
        ItemSummaryReader,
        ItemReader,
        WindowChangesReader,
        RecordedItemsReader,
        ExpectedSpeedupService,
        ExecutionFeeds,
        GraphqlWsServer,
        WorkflowsResolver,
        ExecutionsResolver,
        ExecutionMutationsResolver,
        ExecutionSubscriptionsResolver,
      ],
    };
  }
}
