/**
 * `node dist/examples/run-examples.js [name...]`: starts the infrastructure (embedded Temporal and PostgreSQL, unless
 * TEMPORAL_ADDRESS / DATABASE_URL are set), runs the named examples (all by default) on a Baton worker in this
 * process and prints a summary of each. Exit code 0 when all completed, 1 when one failed, 2 for an unknown example
 * name, 130 when interrupted.
 */
import { Module, type DynamicModule, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { setTimeout as sleep } from 'node:timers/promises';
import { BatonClient, OrchestrationModule, orchestrationOptionsFor, rootMessage, installTemporalRuntime } from '@baton/orchestration';
import { startInfrastructure, type Infrastructure } from '@baton/dev-stack';
import { selectExamples, type Example, type TimedReport } from './example-catalog';
import { ExamplesModule } from './examples.module';
import { timingLines } from './loop-timing';
import { formatDuration, formatSummary } from './summary.format';
import { UnknownExampleError } from './unknown-example.error';

/** Its own queue, so that a Baton worker running elsewhere on the same server never takes the examples' tasks. */
const TASK_QUEUE = 'baton-examples';
const RULE_WIDTH = 78;
const CANCEL_WAIT_MS = 2000;

type Outcome = 'completed' | 'failed' | 'interrupted';

@Module({})
class ExamplesRunnerModule {}

function runnerModule(infrastructure: Infrastructure): DynamicModule {
  return {
    module: ExamplesRunnerModule,
    imports: [OrchestrationModule.forRoot(orchestrationOptionsFor(infrastructure, { defaultTaskQueue: TASK_QUEUE })), ExamplesModule],
  };
}

/**
 * Turns SIGINT/SIGTERM into a value the run checks, so that it stops and still closes the app and stops the servers
 * it started. The listeners stay until the process exits: Nest re-raises the signal once it has closed the app, and
 * that must not kill the process before the servers are stopped.
 */
class Interruption {
  private signal?: NodeJS.Signals;
  private readonly received: Promise<void>;

  constructor() {
    let resolve: () => void;
    this.received = new Promise<void>((settle) => (resolve = settle));
    const onSignal = (signal: NodeJS.Signals): void => {
      if (this.signal === undefined) {
        this.signal = signal;
        console.error(`\n${signal} received: cancelling, closing the app and stopping the servers…`);
        process.on('uncaughtException', ignoreClosedChannel);
        resolve();
      }
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }

  get happened(): boolean {
    return this.signal !== undefined;
  }

  /** The value of `work`, or undefined when a signal comes first; `work` failing after that is no longer reported. */
  race<T>(work: Promise<T>): Promise<T | undefined> {
    work.catch(() => undefined);
    return Promise.race([work, this.received.then(() => undefined)]);
  }
}

/**
 * @temporalio/client retries a failed call from a bare `setTimeout` that `Connection.close()` does not clear; after a
 * signal, with the connection closed (and, on Ctrl+C, the embedded server stopped too), such a timer throws this error
 * out of nowhere. Only that error is expected then: any other still ends the process.
 */
function ignoreClosedChannel(error: Error): void {
  if (error.message !== 'Channel has been shut down') {
    console.error(error);
    process.exit(1);
  }
}

async function runExample(client: BatonClient, example: Example, interruption: Interruption): Promise<Outcome> {
  console.log(`\n${`── ${example.name} `.padEnd(RULE_WIDTH, '─')}\n${example.description}\n`);
  const started = performance.now();
  const handle = await client.start<TimedReport>(example.workflow, example.input);
  const result = handle.result().then(
    (report) => ({ report }),
    (error: unknown) => ({ error }),
  );
  const outcome = await interruption.race(result);
  if (outcome === undefined) {
    // Best effort, bounded: Ctrl+C in a terminal stops the embedded server too, and then the request only retries.
    await Promise.race([handle.cancel().catch(() => undefined), sleep(CANCEL_WAIT_MS)]);
    return 'interrupted';
  }
  const wallMs = performance.now() - started;
  if ('error' in outcome) {
    console.log(
      formatSummary([
        ['status', 'FAILED'],
        ['workflow id', handle.workflowId],
        ['error', rootMessage(outcome.error)],
      ]),
    );
    return 'failed';
  }
  const loop = client.definition(example.workflow).steps.find((step) => step.loop !== undefined)?.loop;
  console.log(
    formatSummary([
      ['status', 'completed'],
      ['workflow id', handle.workflowId],
      ...example.summarize(outcome.report),
      ['wall-clock', `${formatDuration(wallMs)} (start to result, whole workflow)`],
      ...timingLines(outcome.report.timing, loop?.concurrency ?? 1),
    ]),
  );
  return 'completed';
}

function counted(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

async function main(names: string[]): Promise<number> {
  let examples: Example[];
  try {
    examples = selectExamples(names);
  } catch (error) {
    if (error instanceof UnknownExampleError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }
  const interruption = new Interruption();
  // Before the embedded server, which would otherwise install the SDK's default runtime (INFO logs, its own signal
  // handlers). ERROR by default: every expected item failure would log a WARN with a stack, and the summary lists them.
  installTemporalRuntime({ BATON_TEMPORAL_LOG_LEVEL: 'ERROR', ...process.env });
  let infrastructure: Infrastructure;
  try {
    infrastructure = await startInfrastructure();
  } catch (error) {
    // Ctrl+C in a terminal reaches the embedded servers too: one that stops while starting is no failure.
    if (interruption.happened) {
      return 130;
    }
    throw error;
  }
  let app: INestApplicationContext | undefined;
  try {
    app = interruption.happened
      ? undefined
      : await interruption.race(NestFactory.createApplicationContext(runnerModule(infrastructure), { logger: ['error', 'warn'] }));
    if (app === undefined) {
      return 130;
    }
    app.enableShutdownHooks();
    const client = app.get(BatonClient);
    console.log(`\nRunning ${counted(examples.length, 'example')}: ${examples.map((example) => example.name).join(', ')}`);
    const started = performance.now();
    const failed: string[] = [];
    for (const example of examples) {
      const outcome = interruption.happened ? 'interrupted' : await runExample(client, example, interruption);
      if (outcome === 'interrupted') {
        return 130;
      }
      if (outcome === 'failed') {
        failed.push(example.name);
      }
    }
    const took = formatDuration(performance.now() - started);
    console.log(
      `\n${'─'.repeat(RULE_WIDTH)}\n` +
        (failed.length === 0
          ? `${examples.length === 1 ? 'The example' : `All ${examples.length} examples`} completed in ${took}.`
          : `${failed.length} of ${counted(examples.length, 'example')} failed (${failed.join(', ')}), in ${took}.`),
    );
    return failed.length === 0 ? 0 : 1;
  } finally {
    await app?.close();
    await infrastructure.stop();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
