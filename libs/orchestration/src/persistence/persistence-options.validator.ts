import { describeValue } from '../definition/describe-value';
import { InvalidPersistenceOptionsError } from './errors/invalid-persistence-options.error';
import type { PersistenceModuleOptions } from './persistence-options';

/** Throws one error naming every invalid option, with what was expected and what was found. */
export function validatePersistenceOptions(options: PersistenceModuleOptions): void {
  const problems: string[] = [];
  if (typeof options.databaseUrl !== 'string' || !/^postgres(ql)?:\/\//.test(options.databaseUrl)) {
    problems.push(
      `"databaseUrl" must be a postgres:// URL, but got ${describeUrl(options.databaseUrl)}. Pass DATABASE_URL, or the URL ` +
        `startInfrastructure() returns.`,
    );
  }
  if (options.poolSize !== undefined && !isPositiveInteger(options.poolSize)) {
    problems.push(`"poolSize" must be an integer from 1 and up, but got ${describeValue(options.poolSize)}.`);
  }
  const { itemsAfterHours, intervalMs } = options.retention ?? {};
  if (itemsAfterHours !== undefined && !(typeof itemsAfterHours === 'number' && itemsAfterHours > 0 && Number.isFinite(itemsAfterHours))) {
    problems.push(`"retention.itemsAfterHours" must be a number of hours above 0, but got ${describeValue(itemsAfterHours)}.`);
  }
  if (intervalMs !== undefined && !isPositiveInteger(intervalMs)) {
    problems.push(`"retention.intervalMs" must be an integer number of milliseconds from 1 and up, but got ${describeValue(intervalMs)}.`);
  }
  if (problems.length > 0) throw new InvalidPersistenceOptionsError(problems);
}

function isPositiveInteger(value: unknown): boolean {
  return Number.isInteger(value) && (value as number) > 0;
}

/** Never the whole URL: it may hold a password. */
function describeUrl(value: unknown): string {
  if (typeof value !== 'string') return describeValue(value);
  return value === '' ? 'an empty string' : `a string starting with "${value.split(/[:/]/)[0]}"`;
}
