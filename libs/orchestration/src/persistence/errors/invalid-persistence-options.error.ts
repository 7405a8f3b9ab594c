import { invalidPersistenceOptionsMessage } from '../../orchestration.messages';

/**
 * The persistence options (`OrchestrationModule.forRoot({ persistence })`, or `PersistenceModule.forRoot()`) cannot work;
 * lists every problem.
 */
export class InvalidPersistenceOptionsError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(invalidPersistenceOptionsMessage(problems));
    this.name = 'InvalidPersistenceOptionsError';
  }
}
