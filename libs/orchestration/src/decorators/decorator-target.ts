import { SetMetadata } from '@nestjs/common';
import { DecoratorTargetError } from '../errors/decorator-target.error';
import { STEP_MEMBERS_METADATA } from '../orchestration.constants';

/** What `@ParallelLoop()` and `@DependsOn()` decorate: a method, or a property (a loop of child workflows). */
export type MemberDecorator = (target: object, propertyKey: string | symbol, descriptor?: PropertyDescriptor) => void;

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
    throw targetError(decorator, target, propertyKey, 'a method');
  }
}

/**
 * Writes a member decorator's metadata: on the method, or, for a property (no descriptor), on the prototype under
 * the property's name. Lists the member on the prototype, so that discovery reads members in declaration order and
 * finds properties. Accessors and classes are refused.
 */
export function setMemberMetadata(
  decorator: string,
  key: string,
  value: unknown,
  target: object,
  propertyKey: string | symbol | undefined,
  descriptor: PropertyDescriptor | undefined,
): void {
  if (propertyKey === undefined || typeof propertyKey === 'symbol') {
    throw targetError(decorator, target, propertyKey, 'a method or a named property');
  }
  if (descriptor !== undefined) {
    assertMethodTarget(decorator, target, propertyKey, descriptor);
    SetMetadata(key, value)(target, propertyKey, descriptor);
  } else {
    Reflect.defineMetadata(key, value, target, propertyKey);
  }
  const listed = (Reflect.getMetadata(STEP_MEMBERS_METADATA, target) as string[] | undefined) ?? [];
  if (!listed.includes(propertyKey)) {
    Reflect.defineMetadata(STEP_MEMBERS_METADATA, [...listed, propertyKey], target);
  }
}

function targetError(decorator: string, target: object, propertyKey: string | symbol | undefined, expected: string): DecoratorTargetError {
  const owner = typeof target === 'function' ? target.name : target.constructor.name;
  return new DecoratorTargetError(decorator, owner, propertyKey === undefined ? undefined : String(propertyKey), expected);
}
