import { decoratorTargetMessage } from '../orchestration.messages';

/** A method decorator was applied to something that is not a method. */
export class DecoratorTargetError extends Error {
  constructor(decorator: string, className: string, member: string | undefined) {
    super(decoratorTargetMessage(decorator, className, member));
    this.name = 'DecoratorTargetError';
  }
}
