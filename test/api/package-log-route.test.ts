import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, renameSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { PACKAGE_BUILDER_PROVIDERS, packageLogPath, WorkspaceRoots } from '@baton/package-builder';
import { startApiApp, type ApiApp } from '../support/api-app';
import { graphqlData } from '../support/graphql-client';
import { openPackageLog } from '../../apps/api/src/logs/package-log.locator';
import { copyPackageBuilderFixtures } from '../support/package-builder-fixtures';
import { useTestStack, type TestStack } from '../support/test-stack';

const KEY = 'package-log-route-key';
const WITH_KEY = { 'x-api-key': KEY };

interface ReportedPackage {
  name: string;
  cache?: 'hit' | 'miss';
  logPath?: string;
}

/** Two packages that print something recognisable: `@logs/a`, and `b` that depends on it. */
function logsWorkspace(root: string): string {
  const dir = join(root, 'logs-workspace');
  const write = (folder: string, manifest: object) => {
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'package.json'), JSON.stringify(manifest));
  };
  write(dir, { name: 'logs', private: true, workspaces: ['packages/*'] });
  write(join(dir, 'packages', 'a'), { name: '@logs/a', version: '1.0.0', scripts: { build: 'node -e "console.log(\'built a\')"' } });
  write(join(dir, 'packages', 'b'), {
    name: 'b',
    version: '1.0.0',
    dependencies: { '@logs/a': '1.0.0' },
    scripts: { build: 'node -e "console.log(\'built b\')"' },
  });
  return dir;
}

describe('GET /executions/:id/packages/:package/log: one package log, found from the stored report only', () => {
  let stack: TestStack;
  let api: ApiApp;
  let workspace: string;
  let id: string;
  let packages: ReportedPackage[];
  let report: { workspace: string; packages: ReportedPackage[] };

  const logUrl = (execution: string, name: string) =>
    `${api.url}/executions/${encodeURIComponent(execution)}/packages/${encodeURIComponent(name)}/log`;
  const get = async (url: string, headers: Record<string, string> = WITH_KEY) => {
    const response = await fetch(url, { headers });
    return { status: response.status, headers: response.headers, text: await response.text() };
  };

  beforeAll(async () => {
    const fixtures = copyPackageBuilderFixtures('baton-log-route-');
    workspace = logsWorkspace(fixtures);
    stack = await useTestStack();
    api = await startApiApp(stack, {
      apiKey: KEY,
      providers: [
        ...PACKAGE_BUILDER_PROVIDERS,
        { provide: WorkspaceRoots, useValue: WorkspaceRoots.fromEnvironment({ BATON_WORKSPACE_ROOTS: fixtures }) },
      ],
    });
    const started = await graphqlData<{ startWorkflow: { id: string } }>(
      api.url,
      'mutation($input: JSON) { startWorkflow(name: "PackageBuilder", input: $input) { id } }',
      { input: { workspace, concurrency: 2 } },
      WITH_KEY,
    );
    id = started.startWorkflow.id;
    await (await api.client.temporal()).workflow.getHandle(id).result();
    for (;;) {
      const { execution } = await graphqlData<{ execution: { report: unknown } }>(
        api.url,
        'query($id: ID!) { execution(id: $id) { report } }',
        { id },
        WITH_KEY,
      );
      if (execution.report !== null) {
        report = execution.report as typeof report;
        packages = report.packages;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });

  afterAll(async () => {
    await api?.close();
    await stack?.stop();
  });

  it('serves each log as inline plain text, byte for byte the file the worker wrote', async () => {
    assert.deepEqual(packages.map((pkg) => [pkg.name, pkg.logPath]).sort(), [
      ['@logs/a', packageLogPath(workspace, id, '@logs/a')],
      ['b', packageLogPath(workspace, id, 'b')],
    ]);
    for (const pkg of packages) {
      const response = await get(logUrl(id, pkg.name));
      assert.equal(response.status, 200);
      assert.equal(response.text, readFileSync(pkg.logPath!, 'utf8'));
      assert.match(response.text, new RegExp(`built ${pkg.name.slice(-1)}`));
      assert.equal(response.headers.get('content-type'), 'text/plain; charset=utf-8');
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    }
    assert.equal((await get(logUrl(id, '@logs/a'))).headers.get('content-disposition'), 'inline; filename="@logs__a.log"');
  });

  it('refuses without the key, and answers 404 for an unknown execution, an unknown package and a path as a name', async () => {
    const noKey = await get(logUrl(id, 'b'), {});
    assert.equal(noKey.status, 401);
    assert.match(noKey.text, /x-api-key/);
    assert.equal((await get(logUrl(id, 'b'), { 'x-api-key': 'wrong' })).status, 401);

    const unknownExecution = await get(logUrl('no-such-execution', 'b'));
    assert.equal(unknownExecution.status, 404);
    assert.match(unknownExecution.text, /No execution has the id "no-such-execution"/);
    for (const name of ['c', '../b', '../../logs-workspace/.baton/runs/b', `../${id}/b`, 'b.log', '']) {
      const response = await get(logUrl(id, name));
      assert.equal(response.status, 404, `"${name}" is refused`);
      if (name !== '') assert.match(response.text, /has no log for a package named .*Take the package name from the report\./);
    }
  });

  it('refuses a log reached through a symbolic link below the workspace, and says where a missing log is', async () => {
    const runs = join(workspace, '.baton', 'runs');
    renameSync(runs, `${runs}-real`);
    symlinkSync(`${runs}-real`, runs);
    try {
      const linked = await get(logUrl(id, 'b'));
      assert.equal(linked.status, 403);
      assert.match(linked.text, /symbolic link.*Replace the links under the workspace's \.baton folder with real folders\./);
    } finally {
      unlinkSync(runs);
      renameSync(`${runs}-real`, runs);
    }
    const log = packageLogPath(workspace, id, 'b');
    const target = `${log}.target`;
    renameSync(log, target);
    symlinkSync(target, log);
    assert.equal((await get(logUrl(id, 'b'))).status, 403, 'the log file itself is a link');
    unlinkSync(log);

    const missing = await get(logUrl(id, 'b'));
    assert.equal(missing.status, 404);
    assert.match(missing.text, /is not on the API's machine: it is on the machine of the worker that built the package/);
    assert.equal((await get(logUrl(id, '@logs/a'))).status, 200, 'the other log is still served');
  });

  it('refuses (403) a workspace outside the roots, and a stored logPath that is not the recomputed one', async () => {
    const elsewhere = new WorkspaceRoots([join(workspace, 'packages')]);
    const outside = await openPackageLog(report, id, 'b', elsewhere);
    assert.equal('status' in outside && outside.status, 403);
    const roots = WorkspaceRoots.fromEnvironment({ BATON_WORKSPACE_ROOTS: workspace });
    const tampered = {
      ...report,
      packages: report.packages.map((pkg) => (pkg.name === '@logs/a' ? { ...pkg, logPath: join(workspace, 'package.json') } : pkg)),
    };
    const refused = await openPackageLog(tampered, id, '@logs/a', roots);
    assert.equal('status' in refused && refused.status, 403);
    assert.match('message' in refused ? refused.message : '', /add its workspace to BATON_WORKSPACE_ROOTS/);
    const served = await openPackageLog(report, id, '@logs/a', roots);
    assert.ok('file' in served, 'the untampered report is served');
    await served.file.close();
  });
});
