/**
 * Fixture build: `node build-package.mjs <milliseconds> [--fail]`, run from a package folder. Compiles src/index.js
 * into dist/index.js over the given time; with --fail it reports type errors on stderr instead and exits 1.
 */
import { Buffer } from 'node:buffer';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import process from 'node:process';
import { runFixtureStep } from './fixture-step.mjs';

await runFixtureStep('build-package.mjs', ['--fail'], async ({ pkg, durationMs, flags, say, elapsedMs, workFor }) => {
  const source = readFileSync('src/index.js', 'utf8');
  say('compiling src/index.js…');
  await workFor(durationMs / 2, source);
  say('type-checking 1 file…');
  const digest = await workFor(durationMs - elapsedMs(), source);
  if (flags.has('--fail')) {
    process.stderr.write(
      "src/index.ts(12,5): error TS2322: Type 'string' is not assignable to type 'number'.\n" +
        "src/index.ts(27,18): error TS2345: Argument of type 'undefined' is not assignable to parameter of type 'CacheEntry'.\n\n" +
        'Found 2 errors in the same file, starting at: src/index.ts:12\n\n',
    );
    say(`build failed in ${elapsedMs()} ms`);
    return 1;
  }
  mkdirSync('dist', { recursive: true });
  const output = `// ${pkg.name}@${pkg.version}, compiled from src/index.js (sha256 ${digest.slice(0, 16)})\n${source}`;
  writeFileSync('dist/index.js', output);
  say(`emitted dist/index.js (${Buffer.byteLength(output)} bytes)`);
  say(`done in ${elapsedMs()} ms`);
  return 0;
});
