import type { ComplexityEstimatorArgs } from '@nestjs/graphql';
import { DEFAULT_PAGE_SIZE } from '@baton/orchestration/persistence';

/** A page field costs its children once per row it may return. */
export function pageComplexity({ args, childComplexity }: ComplexityEstimatorArgs): number {
  const first = typeof args.first === 'number' ? args.first : DEFAULT_PAGE_SIZE;
  return 1 + Math.max(first, 1) * Math.max(childComplexity, 1);
}
