/**
 * What a Baton activity returns to the interpreter: the step method's value plus the attempt that produced it,
 * because Temporal reports attempts to the activity, not to the workflow that scheduled it.
 * A failed attempt carries `{ attempt }` as the first detail of its `ApplicationFailure`.
 */
export interface ActivityEnvelope<T = unknown> {
  value: T;
  attempt: number;
}

export interface AttemptDetail {
  attempt: number;
}
