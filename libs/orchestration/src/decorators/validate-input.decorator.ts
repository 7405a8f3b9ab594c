import { SetMetadata } from '@nestjs/common';
import { VALIDATE_INPUT_METADATA } from '../orchestration.constants';
import { assertMethodTarget } from './decorator-target';

/**
 * Marks the method that checks a workflow's input before any execution starts. It receives the input and returns
 * the problems it finds (an empty list, or nothing, when the input is fine), synchronously or not. `BatonClient`
 * (and so the GraphQL API) calls it on the Nest provider instance, with its dependencies, and refuses to start the
 * workflow with `InvalidWorkflowInputError` listing the problems. One per `@Workflow()` class; it is not a step.
 */
export function ValidateInput(): MethodDecorator {
  return (target, propertyKey, descriptor) => {
    assertMethodTarget('@ValidateInput()', target, propertyKey, descriptor);
    SetMetadata(VALIDATE_INPUT_METADATA, true)(target, propertyKey, descriptor);
  };
}

/** What a `@ValidateInput()` method returns. */
export type InputProblems = readonly string[] | void;
