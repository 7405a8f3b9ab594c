import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { dirname, join, sep } from 'node:path';
import { constants, Script } from 'node:vm';
import { crc32 } from 'node:zlib';

/** What Node's CommonJS loader hands `Module.prototype._compile`: the module being loaded. */
interface LoadingModule {
  exports: unknown;
  require(id: string): unknown;
}

type Compile = (this: LoadingModule, content: string, filename: string, format?: string) => unknown;

/** Node's CommonJS loader, as far as this file reaches into it (not in @types/node). */
interface CommonJsLoader {
  prototype: { _compile: Compile };
  wrap(content: string): string;
  _resolveFilename(request: string, parent: LoadingModule, isMain: boolean, options?: { paths?: string[] }): string;
  _resolveLookupPaths(request: string, parent: LoadingModule): string[] | null;
  _extensions: unknown;
  _cache: unknown;
}

interface StoredCode {
  hash: string;
  data: Buffer;
}

/** A file compiled without usable cached code this run: its code is stored when the process exits. */
interface FreshScript {
  filename: string;
  hash: string;
  script: Script;
}

const loader = Module as unknown as CommonJsLoader;
const NODE_MODULES = `${sep}node_modules${sep}`;

/**
 * V8's compiled code of the CommonJS files `baton build` loads from node_modules (Nest's dependencies, the Temporal
 * SDK, TypeORM, gRPC…), kept in one file of the user's cache folder (`compile-cache` in `userCacheFolder()`), so
 * that the next run skips parsing and compiling them. The code is taken when the process exits, so it holds every
 * function the run compiled, not only the files' top levels. An entry is used only for the same file with the same
 * content (its length and CRC-32) under the same Node (V8 refuses code from another version or other flags). ES
 * modules (Nest's own packages) and Baton's own files (whose source maps Node registers only when it compiles them
 * itself) are compiled by Node as usual. The cache never stops a run: a missing, unreadable or corrupt file is an
 * empty cache, and a folder that cannot be written is skipped.
 */
export class CompileCache {
  private readonly fresh: FreshScript[] = [];

  private constructor(
    private readonly file: string,
    private readonly stored: Map<string, StoredCode>,
  ) {}

  /** Reads the cache in `folder` and compiles node_modules' CommonJS files with it from now on; saved on exit. */
  static install(folder: string): CompileCache {
    const cache = new CompileCache(join(folder, `${process.version}-${process.arch}.bin`), new Map());
    cache.read();
    const compile = loader.prototype._compile;
    loader.prototype._compile = function (this: LoadingModule, content: string, filename: string, format?: string): unknown {
      const cacheable = format !== 'module' && filename.includes(NODE_MODULES);
      return (cacheable && cache.run(this, content, filename)) || compile.apply(this, [content, filename, format]);
    };
    process.once('exit', () => cache.save());
    return cache;
  }

  /** Compiles and runs one CommonJS module with its stored code; `false` when V8 cannot compile it as a script. */
  private run(module: LoadingModule, content: string, filename: string): boolean {
    const hash = `${content.length}:${crc32(content)}`;
    const stored = this.stored.get(filename);
    const cachedData = stored?.hash === hash ? stored.data : undefined;
    let script: Script;
    try {
      script = new Script(loader.wrap(content.startsWith('#!') ? `//${content}` : content), {
        filename,
        cachedData,
        importModuleDynamically: constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
      });
    } catch {
      // ES module syntax in a .js file, or a real syntax error: Node's own compile detects or reports it.
      return false;
    }
    if (cachedData === undefined || script.cachedDataRejected === true) this.fresh.push({ filename, hash, script });
    const wrapper = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    wrapper.call(module.exports, module.exports, requireOf(module), module, filename, dirname(filename));
    return true;
  }

  private read(): void {
    try {
      const file = readFileSync(this.file);
      const indexLength = file.readUInt32LE(0);
      const index = JSON.parse(file.subarray(4, 4 + indexLength).toString('utf8')) as [string, string, number, number][];
      const blob = file.subarray(4 + indexLength);
      for (const [filename, hash, start, end] of index) this.stored.set(filename, { hash, data: blob.subarray(start, end) });
    } catch {
      // No cache yet, or one this code cannot read: every file is compiled, and the cache written anew.
      this.stored.clear();
    }
  }

  /** Writes the cache when this run compiled a file without stored code; written aside, then renamed (whole or not at all). */
  private save(): void {
    if (this.fresh.length === 0) return;
    for (const { filename, hash, script } of this.fresh) this.stored.set(filename, { hash, data: script.createCachedData() });
    const index: [string, string, number, number][] = [];
    let offset = 0;
    for (const [filename, { hash, data }] of this.stored) {
      index.push([filename, hash, offset, offset + data.length]);
      offset += data.length;
    }
    const indexBytes = Buffer.from(JSON.stringify(index), 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32LE(indexBytes.length);
    try {
      mkdirSync(dirname(this.file), { recursive: true });
    } catch {
      // An unwritable BATON_HOME costs the next run its compile time, nothing more.
      return;
    }
    const aside = `${this.file}.${process.pid}`;
    try {
      writeFileSync(aside, Buffer.concat([length, indexBytes, ...[...this.stored.values()].map((code) => code.data)]));
      renameSync(aside, this.file);
    } catch {
      rmSync(aside, { force: true });
    }
  }
}

/** The `require` a CommonJS module sees, as Node makes it, for `module`. */
function requireOf(module: LoadingModule): NodeJS.Require {
  const resolve = (request: string, options?: { paths?: string[] }) => loader._resolveFilename(request, module, false, options);
  resolve.paths = (request: string) => loader._resolveLookupPaths(request, module);
  return Object.assign((id: string) => module.require(id), {
    resolve,
    main: require.main,
    extensions: loader._extensions,
    cache: loader._cache,
  }) as NodeJS.Require;
}
