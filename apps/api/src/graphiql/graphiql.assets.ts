import { Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { errorMessage } from '@baton/orchestration';
import { graphiqlBundleUnusableMessage } from '../api.messages';

/** What tools/build-graphiql.mjs writes to manifest.json next to the bundle. */
export interface GraphiqlManifest {
  script: string;
  stylesheet: string;
  /** Every file the server may serve; nothing outside this list is ever read. */
  files: string[];
}

export interface GraphiqlAsset {
  path: string;
  size: number;
  contentType: string;
}

const MANIFEST_FILE = 'manifest.json';
/** Plain file names only: no separators, no leading dot, so no `..` and no hidden files. */
const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.ttf': 'font/ttf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

export class GraphiqlBundleMissingError extends Error {
  constructor(dir: string, reason: string) {
    super(graphiqlBundleUnusableMessage(dir, reason));
    this.name = 'GraphiqlBundleMissingError';
  }
}

/**
 * The GraphiQL bundle built by tools/build-graphiql.mjs. The manifest is re-read whenever it changes on disk, so
 * rebuilding the bundle while the API runs needs no restart.
 */
export class GraphiqlAssets implements OnApplicationBootstrap {
  private readonly logger = new Logger('GraphiQL');
  private cached?: { mtimeMs: number; manifest: GraphiqlManifest };

  constructor(readonly dir: string) {}

  async onApplicationBootstrap(): Promise<void> {
    try {
      await this.manifest();
    } catch (error) {
      this.logger.warn(errorMessage(error));
    }
  }

  /** The current build's manifest; throws GraphiqlBundleMissingError when there is no usable build. */
  async manifest(): Promise<GraphiqlManifest> {
    const file = join(this.dir, MANIFEST_FILE);
    const info = await stat(file).catch(() => undefined);
    if (!info) {
      this.cached = undefined;
      throw new GraphiqlBundleMissingError(this.dir, `no ${MANIFEST_FILE}`);
    }
    if (this.cached?.mtimeMs !== info.mtimeMs) {
      this.cached = { mtimeMs: info.mtimeMs, manifest: parseManifest(await readFile(file, 'utf8'), this.dir) };
    }
    return this.cached.manifest;
  }

  /** The file to serve for `name`, or undefined unless `name` is a file of the current build that exists. */
  async asset(name: string): Promise<GraphiqlAsset | undefined> {
    const manifest = await this.manifest().catch(() => undefined);
    if (!manifest?.files.includes(name)) return undefined;
    const path = join(this.dir, name);
    const info = await stat(path).catch(() => undefined);
    if (!info?.isFile()) return undefined;
    return { path, size: info.size, contentType: CONTENT_TYPES[extname(name)] ?? 'application/octet-stream' };
  }
}

function parseManifest(text: string, dir: string): GraphiqlManifest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new GraphiqlBundleMissingError(dir, `${MANIFEST_FILE} is not JSON`);
  }
  const manifest = value as Partial<GraphiqlManifest>;
  const isName = (name: unknown): name is string => typeof name === 'string' && FILE_NAME.test(name);
  if (!Array.isArray(manifest.files) || !manifest.files.every(isName) || !isName(manifest.script) || !isName(manifest.stylesheet)) {
    throw new GraphiqlBundleMissingError(dir, `${MANIFEST_FILE} lacks script, stylesheet or files, or names a file outside the bundle`);
  }
  if (!manifest.files.includes(manifest.script) || !manifest.files.includes(manifest.stylesheet)) {
    throw new GraphiqlBundleMissingError(dir, `${MANIFEST_FILE} names a script or stylesheet missing from its files`);
  }
  return { script: manifest.script, stylesheet: manifest.stylesheet, files: manifest.files };
}
