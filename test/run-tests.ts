/**
 * `npm test`: starts the real stack once (embedded Temporal and PostgreSQL, or TEMPORAL_ADDRESS / DATABASE_URL),
 * then runs every compiled test file against it with Node's test runner. Arguments filter test files by path.
 */
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { startInfrastructure } from '../libs/orchestration/src/infrastructure';

async function main(): Promise<number> {
  const filters = process.argv.slice(2);
  const files = readdirSync(__dirname, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.test.js'))
    .map((file) => join(__dirname, file))
    .filter((file) => filters.length === 0 || filters.some((filter) => relative(__dirname, file).includes(filter)))
    .sort();
  if (files.length === 0) {
    console.error(`No test file matches ${filters.join(', ')}.`);
    return 1;
  }
  const infrastructure = await startInfrastructure();
  try {
    const child = spawn(process.execPath, ['--enable-source-maps', '--test', '--test-reporter=spec', '--test-concurrency=1', ...files], {
      stdio: 'inherit',
      env: {
        ...process.env,
        TEMPORAL_ADDRESS: infrastructure.temporal.address,
        TEMPORAL_NAMESPACE: infrastructure.temporal.namespace,
        DATABASE_URL: infrastructure.database.url,
        // Many tests fail activities on purpose; the SDK's warning for each would bury the results.
        BATON_TEMPORAL_LOG_LEVEL: process.env.BATON_TEMPORAL_LOG_LEVEL ?? 'ERROR',
      },
    });
    return await new Promise<number>((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))));
  } finally {
    await infrastructure.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
