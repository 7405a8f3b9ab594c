import { execFileSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/**
 * Chromium flags for the browser tests: headless, no sandbox (CI runs as root in a container), and no traffic of
 * its own (component updates, safe browsing, field trials). Every host name except localhost resolves to nothing,
 * so a page that tries to reach the internet fails instead of hanging.
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-default-apps',
  '--disable-sync',
  '--no-first-run',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
];

/** The Chromium the browser tests drive: $CHROMIUM_PATH, else `chromium` or `chromium-browser` on PATH (Debian's package). */
export function chromiumPath(): string {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    try {
      accessSync(fromEnv, constants.X_OK);
      return fromEnv;
    } catch {
      throw new Error(
        `CHROMIUM_PATH is ${fromEnv}, which is not an executable file. Point it at a Chromium binary or unset it to use \`chromium\` ` +
          `from PATH.`,
      );
    }
  }
  for (const name of ['chromium', 'chromium-browser']) {
    try {
      const found = execFileSync('which', [name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
      if (found) return found;
    } catch {
      // not on PATH; try the next name
    }
  }
  throw new Error(
    'The browser tests need Chromium, and neither CHROMIUM_PATH nor `chromium` on PATH was found. ' +
      'Install it with `sudo apt-get install -y chromium` (Debian/Ubuntu; .ci/run does this) or set CHROMIUM_PATH to a Chromium binary.',
  );
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS, timeout: 20_000 });
}
