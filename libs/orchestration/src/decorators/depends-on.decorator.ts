import { DEPENDS_ON_METADATA } from '../orchestration.constants';
import { setMemberMetadata, type MemberDecorator } from './decorator-target';

/**
 * The step waits for these steps (by name) and receives their results. On a method, or on the property of a loop of
 * child workflows (`@ParallelLoop({ child })`).
 */
export function DependsOn(...steps: string[]): MemberDecorator {
  return (target, propertyKey, descriptor) =>
    setMemberMetadata('@DependsOn()', DEPENDS_ON_METADATA, steps, target, propertyKey, descriptor);
}
