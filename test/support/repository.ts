import { join } from 'node:path';

/** The repository this suite belongs to. */
export const REPO_ROOT = join(__dirname, '..', '..');

/**
 * Tests run from the TypeScript sources; processes they spawn run the JavaScript `npm run build` compiled from
 * `sourcePath` (relative to the repository): `apps/api/src/main.ts` → `dist/apps/api/src/main.js`, and a library's
 * `libs/dev-stack/src/x.ts` → `libs/dev-stack/dist/x.js`.
 */
export function compiledScript(sourcePath: string): string {
  const script = sourcePath.replace(/\.ts$/, '.js');
  const library = /^libs\/([^/]+)\/src\/(.*)$/.exec(script);
  return library ? join(REPO_ROOT, 'libs', library[1], 'dist', library[2]) : join(REPO_ROOT, 'dist', script);
}
