import { InvalidOrchestrationOptionsError } from './errors/invalid-orchestration-options.error';
import { optionBelowMinimum } from './orchestration.messages';
import type { OrchestrationModuleOptions } from './orchestration-options';

/**
 * Below this, a run would continue as new before its first workflow task completed anything, and then again
 * forever: the gate counts history events, and a run starts with a few.
 */
export const MIN_CONTINUE_AS_NEW_AFTER_EVENTS = 100;

/**
 * Throws one error naming every invalid worker and progress option, with what was expected and what was found.
 * The persistence options proper (`databaseUrl`, `retention`) are checked by `PersistenceModule`.
 */
export function validateOrchestrationOptions(options: OrchestrationModuleOptions): void {
  const problems: string[] = [];
  const atLeast = (path: string, value: unknown, minimum: number, unit: string) => {
    if (value !== undefined && !(Number.isInteger(value) && (value as number) >= minimum)) {
      problems.push(optionBelowMinimum(path, value, minimum, unit));
    }
  };
  atLeast(
    'worker.continueAsNewAfterEvents',
    options.worker?.continueAsNewAfterEvents,
    MIN_CONTINUE_AS_NEW_AFTER_EVENTS,
    'number of history events ',
  );
  atLeast(
    'worker.maxEagerActivityReservationsPerWorkflowTask',
    options.worker?.maxEagerActivityReservationsPerWorkflowTask,
    0,
    'number of slots ',
  );
  atLeast('persistence.progress.batchSize', options.persistence?.progress?.batchSize, 1, 'number of items ');
  atLeast('persistence.progress.intervalMs', options.persistence?.progress?.intervalMs, 1, 'number of milliseconds ');
  atLeast('persistence.progress.minIntervalMs', options.persistence?.progress?.minIntervalMs, 0, 'number of milliseconds ');
  if (problems.length > 0) throw new InvalidOrchestrationOptionsError(problems);
}
