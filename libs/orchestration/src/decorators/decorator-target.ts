import { DecoratorTargetError } from '../errors/decorator-target.error';

/**
 * Method decorators are typed for methods, but JavaScript callers (or `as any`) can still put them on a
 * property or a class; fail at import time, which is boot, rather than produce a half-read definition.
 */
export function assertMethodTarget(
  decorator: string,
  target: object,
  propertyKey: string | symbol | undefined,
  descriptor: PropertyDescriptor | undefined,
): void {
  if (propertyKey === undefined || typeof descriptor?.value !== 'function') {
    const owner = typeof target === 'function' ? target.name : target.constructor.name;
    throw new DecoratorTargetError(decorator, owner, propertyKey === undefined ? undefined : String(propertyKey));
  }
}
