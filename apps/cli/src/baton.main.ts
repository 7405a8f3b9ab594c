#!/usr/bin/env node
/**
 * `baton <command> [options]`, the command line (`npx baton build <workspace>`, package `bin`): runs this compiled
 * file directly, never through Baton's npm scripts. `baton --help` lists the commands and the exit codes.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { userCacheFolder } from '@baton/orchestration/user-cache';
import { CompileCache } from './compile.cache';
import { EXIT_CODE } from './exit-code';

/** Baton's version, from the root package.json above this file (compiled or not). */
function batonVersion(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    try {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (manifest.name === 'baton' && manifest.version !== undefined) return manifest.version;
    } catch {
      // No package.json here: one folder up.
    }
  }
  return 'unknown';
}

async function main([command, ...args]: string[]): Promise<number> {
  switch (command) {
    case 'build':
    case 'build-workspace':
      // Before any of Baton's modules loads (the messages load them too), so that they all compile from the cache.
      CompileCache.install(join(userCacheFolder(), 'compile-cache'));
      return (await import('./build.command.js')).runBuild(args);
    case '--version':
      // Nothing else is loaded for the version.
      console.log(batonVersion());
      return EXIT_CODE.success;
    case '--help':
    case '-h':
    case 'help':
      console.log((await import('./cli.messages.js')).BATON_USAGE);
      return EXIT_CODE.success;
    default: {
      const { BATON_USAGE, unknownCommandMessage } = await import('./cli.messages.js');
      console.error(command === undefined ? BATON_USAGE : `${unknownCommandMessage(command)}\n${BATON_USAGE}`);
      return EXIT_CODE.usage;
    }
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(EXIT_CODE.failed);
  },
);
