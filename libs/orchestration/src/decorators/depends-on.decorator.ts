import { SetMetadata } from '@nestjs/common';
import { DEPENDS_ON_METADATA } from '../orchestration.constants';
import { assertMethodTarget } from './decorator-target';

/** The step waits for these steps (by name) and receives their results. */
export function DependsOn(...steps: string[]): MethodDecorator {
  return (target, propertyKey, descriptor) => {
    assertMethodTarget('@DependsOn()', target, propertyKey, descriptor);
    SetMetadata(DEPENDS_ON_METADATA, steps)(target, propertyKey, descriptor);
  };
}
