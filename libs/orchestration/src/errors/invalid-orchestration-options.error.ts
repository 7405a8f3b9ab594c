import { invalidOrchestrationOptionsMessage } from '../orchestration.messages';

/** `OrchestrationModule.forRoot()` received options it cannot work with; lists every problem. */
export class InvalidOrchestrationOptionsError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(invalidOrchestrationOptionsMessage(problems));
    this.name = 'InvalidOrchestrationOptionsError';
  }
}
