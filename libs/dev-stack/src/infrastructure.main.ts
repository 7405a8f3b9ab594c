import { startInfrastructure } from './infrastructure';
import { ProcessLifecycle } from '@baton/orchestration/process';

/** Runs the infrastructure by hand: `npm run stack` (`node libs/dev-stack/dist/infrastructure.main.js`), Ctrl+C to stop. */
async function main(lifecycle: ProcessLifecycle): Promise<void> {
  const infrastructure = await startInfrastructure();
  lifecycle.onStop(() => infrastructure.stop());
  // Signal listeners do not keep Node alive, and with only external servers nothing else would.
  setInterval(() => {}, 1 << 30);
  console.log('Press Ctrl+C to stop.');
}

const lifecycle = new ProcessLifecycle(console);
main(lifecycle).catch((error: unknown) => lifecycle.fail(error));
