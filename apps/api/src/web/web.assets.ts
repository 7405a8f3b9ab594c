import { Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { errorMessage } from '@baton/orchestration';
import { webBundleUnusableMessage } from '../api.messages';

/** The pages of the bundle: each an entry of the one esbuild build, sharing its chunks (React) with the others. */
export const WEB_PAGES = ['graphiql', 'dashboard'] as const;
export type WebPage = (typeof WEB_PAGES)[number];

export interface WebPageFiles {
  script: string;
  stylesheet: string;
}

/** What tools/build-web.mjs writes to manifest.json next to the bundle. */
export interface WebManifest {
  pages: Record<WebPage, WebPageFiles>;
  /** Every file the server may serve; nothing outside this list is ever read. */
  files: string[];
}

export interface WebAsset {
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

export class WebBundleMissingError extends Error {
  constructor(dir: string, reason: string) {
    super(webBundleUnusableMessage(dir, reason));
    this.name = 'WebBundleMissingError';
  }
}

/**
 * The browser bundle (GraphiQL and the dashboard) built by tools/build-web.mjs. The manifest is re-read whenever it changes on disk, so
 * rebuilding the bundle while the API runs needs no restart.
 */
export class WebAssets implements OnApplicationBootstrap {
  private readonly logger = new Logger('WebAssets');
  private cached?: { mtimeMs: number; manifest: WebManifest };

  constructor(readonly dir: string) {}

  async onApplicationBootstrap(): Promise<void> {
    try {
      await this.manifest();
    } catch (error) {
      this.logger.warn(errorMessage(error));
    }
  }

  /** The current build's manifest; throws WebBundleMissingError when there is no usable build. */
  async manifest(): Promise<WebManifest> {
    const file = join(this.dir, MANIFEST_FILE);
    const info = await stat(file).catch(() => undefined);
    if (!info) {
      this.cached = undefined;
      throw new WebBundleMissingError(this.dir, `no ${MANIFEST_FILE}`);
    }
    if (this.cached?.mtimeMs !== info.mtimeMs) {
      this.cached = { mtimeMs: info.mtimeMs, manifest: parseManifest(await readFile(file, 'utf8'), this.dir) };
    }
    return this.cached.manifest;
  }

  /** The file to serve for `name`, or undefined unless `name` is a file of the current build that exists. */
  async asset(name: string): Promise<WebAsset | undefined> {
    const manifest = await this.manifest().catch(() => undefined);
    if (!manifest?.files.includes(name)) return undefined;
    const path = join(this.dir, name);
    const info = await stat(path).catch(() => undefined);
    if (!info?.isFile()) return undefined;
    return { path, size: info.size, contentType: CONTENT_TYPES[extname(name)] ?? 'application/octet-stream' };
  }
}

function parseManifest(text: string, dir: string): WebManifest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new WebBundleMissingError(dir, `${MANIFEST_FILE} is not JSON`);
  }
  const manifest = value as Partial<WebManifest>;
  const isName = (name: unknown): name is string => typeof name === 'string' && FILE_NAME.test(name);
  const files = manifest.files;
  if (!Array.isArray(files) || !files.every(isName)) {
    throw new WebBundleMissingError(dir, `${MANIFEST_FILE} lacks files, or names a file outside the bundle`);
  }
  const pages = {} as Record<WebPage, WebPageFiles>;
  for (const page of WEB_PAGES) {
    const entry = manifest.pages?.[page];
    if (
      !entry ||
      !isName(entry.script) ||
      !isName(entry.stylesheet) ||
      !files.includes(entry.script) ||
      !files.includes(entry.stylesheet)
    ) {
      throw new WebBundleMissingError(dir, `${MANIFEST_FILE} names no script and stylesheet of its files for the ${page} page`);
    }
    pages[page] = { script: entry.script, stylesheet: entry.stylesheet };
  }
  return { pages, files };
}
