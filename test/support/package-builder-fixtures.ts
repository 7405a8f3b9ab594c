import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './repository';

/**
 * A fresh copy of examples/package-builder (its fixtures and tools) in a temporary folder: builds write dist/
 * folders, so tests run them on a copy, never in the repository. Returns the copy's folder.
 */
export function copyPackageBuilderFixtures(prefix: string): string {
  const fixtures = join(mkdtempSync(join(tmpdir(), prefix)), 'package-builder');
  cpSync(join(REPO_ROOT, 'examples', 'package-builder'), fixtures, {
    recursive: true,
    filter: (source) => !source.includes('node_modules') && !source.endsWith('dist'),
  });
  return fixtures;
}
