import { describeValue } from '@baton/orchestration';
import { ApplicationFailure } from '@temporalio/common';
import { INVALID_WORKFLOW_INPUT_ERROR } from '@baton/orchestration/protocol';

/**
 * Checks of an example's input, shared by its `@ValidateInput()` method (the start is refused before anything runs)
 * and its first step (a run started by another Temporal client fails at once instead of planning a huge loop).
 */

/** The problems with one field's value (`undefined` when the field is absent); none when it is fine. */
export type FieldCheck = (field: string, value: unknown) => string[];

/**
 * The problems with an input object: not an object, a field that is not in `fields`, or a field its check refuses.
 * With `optional`, no input at all is fine too (every field must then accept `undefined`).
 */
export function objectInputProblems(input: unknown, fields: Record<string, FieldCheck>, optional = false): string[] {
  if (optional && input === undefined) {
    return [];
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return [`the input must be an object${optional ? ' or nothing' : ''}, got ${describeValue(input)}`];
  }
  const values = input as Record<string, unknown>;
  const known = Object.keys(fields);
  const knownFields = known.length === 0 ? 'the workflow takes none' : `known fields: ${known.map((name) => `"${name}"`).join(', ')}`;
  return [
    ...Object.keys(values)
      .filter((field) => !known.includes(field))
      .map((field) => `the input has an unknown field ${JSON.stringify(field.slice(0, 40))}; ${knownFields}`),
    ...Object.entries(fields).flatMap(([field, check]) => check(field, values[field])),
  ];
}

/** An integer from `min` to `max`; `why` says where the bound comes from. */
export function integerField(min: number, max: number, why: string, { optional = false } = {}): FieldCheck {
  return (field, value) =>
    (optional && value === undefined) || (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max)
      ? []
      : [`"${field}" must be an integer from ${min} to ${max} (${why}), got ${describeValue(value)}`];
}

/** A string of 1 to `max` characters without control characters. */
export function textField(max: number): FieldCheck {
  return (field, value) =>
    typeof value === 'string' && value.length >= 1 && value.length <= max && ![...value].some(isControlCharacter)
      ? []
      : [`"${field}" must be a string of 1 to ${max} characters without control characters, got ${describeValue(value)}`];
}

/** On the worker: the same problems fail the step for good, as no retry can make the input valid. */
export function assertNoProblems(workflow: string, problems: readonly string[]): void {
  if (problems.length > 0) {
    throw ApplicationFailure.nonRetryable(
      `Invalid input for workflow "${workflow}": ${problems.join('; ')}.`,
      INVALID_WORKFLOW_INPUT_ERROR,
    );
  }
}

function isControlCharacter(character: string): boolean {
  return character.charCodeAt(0) < 0x20 || character === '\u007f';
}
