/** Fixture test run: `node test-package.mjs <milliseconds>`, run from a package folder; checks src/index.js for that long. */
import { readFileSync } from 'node:fs';
import { runFixtureStep } from './fixture-step.mjs';

await runFixtureStep('test-package.mjs', [], async ({ durationMs, say, elapsedMs, workFor }) => {
  say('running tests for src/index.js…');
  await workFor(durationMs, readFileSync('src/index.js', 'utf8'));
  say(`3 tests passed in ${elapsedMs()} ms`);
  return 0;
});
