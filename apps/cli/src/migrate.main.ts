/**
 * `npm run migration:run`: runs Baton's pending migrations against DATABASE_URL, or against the embedded PostgreSQL
 * (started for the occasion, then stopped) when DATABASE_URL is unset, and prints what ran.
 */
import { DataSource } from 'typeorm';
import { databaseUrlWithoutPassword, errorMessage, isError, loadInfrastructureConfig } from '@baton/orchestration';
import { buildDataSourceOptions, runPendingMigrations } from '@baton/orchestration/persistence';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '@baton/dev-stack';
import { migrationConnectMessage, migrationsRanMessage } from './cli.messages';

async function main(): Promise<void> {
  const config = loadInfrastructureConfig();
  // Only PostgreSQL: startInfrastructure() would also start a Temporal server that migrations do not need.
  let embedded: EmbeddedPostgres | undefined;
  if (config.database.url === undefined) embedded = await startEmbeddedPostgres(config);
  const databaseUrl = config.database.url ?? embedded!.url;
  const where = `${databaseUrlWithoutPassword(databaseUrl)}${embedded === undefined ? '' : ' (embedded)'}`;
  const dataSource = new DataSource(buildDataSourceOptions({ databaseUrl }));
  try {
    await dataSource.initialize().catch((error: unknown) => {
      throw new Error(migrationConnectMessage(where, errorMessage(error)));
    });
    const migrations = await runPendingMigrations(dataSource);
    console.log(migrationsRanMessage(where, migrations));
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await embedded?.stop();
  }
}

main().catch((error: unknown) => {
  console.error(isError(error) ? error.message : error);
  process.exitCode = 1;
});
