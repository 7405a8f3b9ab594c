import { startInfrastructure } from './infrastructure';
import { ProcessLifecycle } from './process.lifecycle';

/** Runs the infrastructure by hand: `node dist/libs/orchestration/src/infrastructure/infrastructure.main.js`, Ctrl+C to stop. */
async function main(lifecycle: ProcessLifecycle): Promise<void> {
  const infrastructure = await startInfrastructure();
  lifecycle.onStop(() => infrastructure.stop());
  // Signal listeners do not keep Node alive, and with only external servers nothing else would.
  setInterval(() => {}, 1 << 30);
  console.log('Press Ctrl+C to stop.');
}

const lifecycle = new ProcessLifecycle(console);
main(lifecycle).catch((error: unknown) => lifecycle.fail(error));
