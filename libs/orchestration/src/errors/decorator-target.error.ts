import { decoratorTargetMessage } from '../orchestration.messages';

/** A member decorator was applied to something it cannot declare a step with (a class, an accessor, a property). */
export class DecoratorTargetError extends Error {
  constructor(decorator: string, className: string, member: string | undefined, expected = 'a method') {
    super(decoratorTargetMessage(decorator, className, member, expected));
    this.name = 'DecoratorTargetError';
  }
}
