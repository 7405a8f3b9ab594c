/**
 * Bundles the API's browser pages with esbuild into dist/web, which the API serves at /assets: GraphiQL
 * (apps/api/graphiql/graphiql.entry.mjs, its stylesheet and the monaco editor workers) and the dashboard
 * (apps/api/dashboard). Both pages are entries of one build with code splitting, so React is one shared chunk.
 * Every file name carries a content hash; manifest.json names each page's script and stylesheet and lists every file
 * the server may serve.
 *
 * Skips the build when manifest.json's stamp matches the current inputs (the entries' sources, this script and the
 * installed versions of the bundled packages), so `npm run build` stays fast.
 *
 * Usage: node tools/build-web.mjs [--outdir <dir>] [--force]
 */
/* global process, console */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PAGES = {
  graphiql: join(ROOT, 'apps/api/graphiql/graphiql.entry.mjs'),
  dashboard: join(ROOT, 'apps/api/dashboard/dashboard.entry.tsx'),
};
/**
 * Source folders whose files change the bundle: the pages' own, and the protocol module, graph engine and lane
 * simulation the dashboard imports.
 */
const SOURCE_DIRS = [
  'apps/api/graphiql',
  'apps/api/dashboard',
  'apps/api/src/forecast',
  'libs/orchestration/src/protocol',
  'libs/orchestration/src/definition/graph',
];
const MANIFEST = 'manifest.json';
/** Packages whose installed versions change the bundle. */
const BUNDLED_PACKAGES = [
  'graphiql',
  '@graphiql/react',
  '@graphiql/toolkit',
  '@graphiql/plugin-doc-explorer',
  '@graphiql/plugin-history',
  'react',
  'react-dom',
  'monaco-editor',
  'monaco-graphql',
  'graphql',
  'graphql-ws',
  'esbuild',
];
const WORKERS = {
  editor: 'monaco-editor/esm/vs/editor/editor.worker.js',
  json: 'monaco-editor/esm/vs/language/json/json.worker.js',
  graphql: 'monaco-graphql/esm/graphql.worker.js',
};

function parseArgs(argv) {
  const args = { outdir: join(ROOT, 'dist/web'), force: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--force') args.force = true;
    else if (argv[i] === '--outdir' && argv[i + 1]) args.outdir = resolve(argv[++i]);
    else throw new Error(`build-web: unknown argument ${argv[i]}; expected [--outdir <dir>] [--force]`);
  }
  return args;
}

function installedVersion(name) {
  const file = join(ROOT, 'node_modules', name, 'package.json');
  if (!existsSync(file)) throw new Error(`build-web: ${name} is not installed (no ${relative(ROOT, file)}); run npm install`);
  return JSON.parse(readFileSync(file, 'utf8')).version;
}

function sourceFiles() {
  return SOURCE_DIRS.flatMap((dir) =>
    readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name)),
  ).sort();
}

function computeStamp() {
  const hash = createHash('sha256');
  for (const file of sourceFiles()) hash.update(`\0${relative(ROOT, file)}\0`).update(readFileSync(file));
  hash.update(readFileSync(fileURLToPath(import.meta.url)));
  for (const name of BUNDLED_PACKAGES) hash.update(`\0${name}@${installedVersion(name)}`);
  return hash.digest('hex').slice(0, 16);
}

function readManifest(outdir) {
  try {
    return JSON.parse(readFileSync(join(outdir, MANIFEST), 'utf8'));
  } catch {
    return undefined;
  }
}

function totalSize(outdir, files) {
  return files.reduce((sum, file) => sum + statSync(join(outdir, file)).size, 0);
}

function formatSize(bytes) {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

async function build(outdir, stamp) {
  const esbuild = await import('esbuild');
  const staging = `${outdir}.staging-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  const common = {
    absWorkingDir: ROOT,
    bundle: true,
    minify: true,
    outdir: staging,
    entryNames: '[name]-[hash]',
    assetNames: '[name]-[hash]',
    define: { 'process.env.NODE_ENV': '"production"' },
    target: ['es2022'],
    platform: 'browser',
    legalComments: 'eof',
    metafile: true,
    logLevel: 'warning',
  };
  try {
    const workerEntries = Object.fromEntries(Object.entries(WORKERS).map(([label, specifier]) => [`${label}.worker`, specifier]));
    const workers = await esbuild.build({ ...common, entryPoints: workerEntries, format: 'iife' });
    const workerFiles = {};
    for (const [output, info] of Object.entries(workers.metafile.outputs)) {
      const label = Object.keys(WORKERS).find((name) => info.entryPoint?.endsWith(WORKERS[name]));
      if (label) workerFiles[label] = basename(output);
    }
    const missing = Object.keys(WORKERS).filter((label) => !workerFiles[label]);
    if (missing.length > 0) throw new Error(`build-web: esbuild produced no output for the ${missing.join(', ')} worker(s)`);

    const page = await esbuild.build({
      ...common,
      entryPoints: PAGES,
      format: 'esm',
      splitting: true,
      chunkNames: 'chunk-[hash]',
      jsx: 'automatic',
      conditions: ['@baton/source'],
      define: { ...common.define, __BATON_GRAPHIQL_WORKERS__: JSON.stringify(workerFiles) },
      loader: { '.ttf': 'file', '.woff': 'file', '.woff2': 'file', '.svg': 'file', '.png': 'file' },
    });
    const pages = {};
    for (const [output, info] of Object.entries(page.metafile.outputs)) {
      const name = Object.keys(PAGES).find((key) => info.entryPoint !== undefined && resolve(ROOT, info.entryPoint) === PAGES[key]);
      if (name && info.cssBundle) pages[name] = { script: basename(output), stylesheet: basename(info.cssBundle) };
    }
    const missingPages = Object.keys(PAGES).filter((name) => !pages[name]);
    if (missingPages.length > 0) {
      throw new Error(
        `build-web: expected a script and a stylesheet for the ${missingPages.join(', ')} page(s), esbuild ` +
          `produced ${Object.keys(page.metafile.outputs).join(', ')}`,
      );
    }

    const files = [...Object.keys(workers.metafile.outputs), ...Object.keys(page.metafile.outputs)]
      .map((output) => basename(output))
      .sort();
    const manifest = { stamp, pages, workers: workerFiles, files };
    writeFileSync(join(staging, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
    rmSync(outdir, { recursive: true, force: true });
    mkdirSync(dirname(outdir), { recursive: true });
    renameSync(staging, outdir);
    return manifest;
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const stamp = computeStamp();
  const fromCwd = relative(process.cwd(), args.outdir);
  const shown = fromCwd.startsWith('..') ? args.outdir : fromCwd || '.';
  const current = readManifest(args.outdir);
  if (!args.force && current?.stamp === stamp && current.files.every((file) => existsSync(join(args.outdir, file)))) {
    console.log(`web: up to date, ${formatSize(totalSize(args.outdir, current.files))} in ${shown}`);
    return;
  }
  const manifest = await build(args.outdir, stamp);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`web: bundled ${formatSize(totalSize(args.outdir, manifest.files))} into ${shown} in ${seconds} s`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
