import type { ValueTransformer } from 'typeorm';

/**
 * node-postgres returns `bigint` columns as strings, as they may exceed 2^53; the durations stored in them (in
 * milliseconds) never come near that, so they are read as numbers.
 */
export const bigintAsNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};
