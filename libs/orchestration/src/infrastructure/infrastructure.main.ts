import { startInfrastructure } from './infrastructure';

/** Runs the infrastructure by hand: `node dist/libs/orchestration/src/infrastructure/infrastructure.main.js`, Ctrl+C to stop. */
async function main(): Promise<void> {
  const infrastructure = await startInfrastructure();
  console.log('Press Ctrl+C to stop.');
  // Signal listeners do not keep Node alive, and with only external servers nothing else would.
  const keepAlive = setInterval(() => {}, 1 << 30);
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  clearInterval(keepAlive);
  console.log(`${signal} received, stopping…`);
  await infrastructure.stop();
  console.log('Stopped.');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  // Exit now: after a start that timed out, the Temporal SDK's pending native call would keep Node alive.
  process.exit(1);
});
