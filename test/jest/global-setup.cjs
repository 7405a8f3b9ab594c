/**
 * Starts the real stack once for the whole Jest run: the embedded Temporal dev server and PostgreSQL, or the
 * servers named by TEMPORAL_ADDRESS / DATABASE_URL. Test files read the addresses from the environment, which the
 * worker processes inherit. Runs the compiled code: `npm test` builds first.
 */
const { startInfrastructure } = require('@baton/dev-stack');

module.exports = async function startStack() {
  const infrastructure = await startInfrastructure();
  globalThis.__BATON_STACK__ = infrastructure;
  process.env.TEMPORAL_ADDRESS = infrastructure.temporal.address;
  process.env.TEMPORAL_NAMESPACE = infrastructure.temporal.namespace;
  process.env.DATABASE_URL = infrastructure.database.url;
  // Many tests fail activities on purpose; the SDK's warning for each would bury the results.
  process.env.BATON_TEMPORAL_LOG_LEVEL ??= 'ERROR';
};
