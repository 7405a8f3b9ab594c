import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Each build appends its package's name to `builds.txt` at the workspace root, prints in colour, and writes dist/. */
const BUILD_TOOL = `
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
const { name } = JSON.parse(readFileSync('package.json', 'utf8'));
const source = readFileSync('src/index.js', 'utf8');
appendFileSync('../../builds.txt', name + '\\n');
process.stdout.write('\\x1b[32mbuilding ' + name + '\\x1b[39m\\n');
if (source.includes('FAIL')) {
  process.stderr.write('\\x1b[31merror: ' + name + ' does not compile\\x1b[39m\\n');
  process.exit(1);
}
mkdirSync('dist', { recursive: true });
writeFileSync('dist/index.js', '// built\\n' + source);
`;

/** The variable `@c/other` declares as an input of its build. */
export const CACHE_ENV_VARIABLE = 'BATON_CACHE_TEST_MODE';

/**
 * A workspace for the log and cache tests, in a new folder under `parent`: `@c/types` (sources only, no build script)
 * ← `@c/base` ← `@c/mid` ← `@c/top`, and `@c/other` on its own, which declares the environment variable as an input.
 * A package whose src/index.js holds `FAIL` fails to build. Returns its root.
 */
export function writeCacheWorkspace(parent: string): string {
  const root = realpathSync(mkdtempSync(join(parent, 'cache-')));
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'cache-root', private: true, workspaces: ['packages/*'] }));
  writeFileSync(join(root, 'package-lock.json'), '{}\n');
  writeFileSync(join(root, 'build.mjs'), BUILD_TOOL);
  const packages: Array<[string, string[], object?]> = [
    ['types', []],
    ['base', ['types']],
    ['mid', ['base']],
    ['top', ['mid']],
    ['other', [], { env: [CACHE_ENV_VARIABLE] }],
  ];
  for (const [name, dependencies, baton] of packages) {
    mkdirSync(join(root, 'packages', name, 'src'), { recursive: true });
    writeFileSync(join(root, 'packages', name, 'src', 'index.js'), `export const name = '${name}';\n`);
    writeFileSync(
      join(root, 'packages', name, 'package.json'),
      JSON.stringify({
        name: `@c/${name}`,
        version: '1.0.0',
        scripts: name === 'types' ? {} : { build: 'node ../../build.mjs' },
        dependencies: Object.fromEntries(dependencies.map((dependency) => [`@c/${dependency}`, '*'])),
        ...(baton === undefined ? {} : { baton }),
      }),
    );
  }
  return root;
}
