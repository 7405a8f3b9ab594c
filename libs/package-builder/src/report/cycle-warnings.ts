import { cycleWarningMessage } from '../package-builder.messages';
import type { PackagePlan } from '../workflows/build-input';

/** One warning per dependency cycle of the plan, in the order of its first package: its packages and the links not waited for. */
export function cycleWarnings(plan: readonly PackagePlan[]): string[] {
  const cycles = new Map<string, PackagePlan[]>();
  for (const pkg of plan) {
    if (pkg.cycle === undefined) continue;
    const key = pkg.cycle.packages.join('\n');
    cycles.set(key, [...(cycles.get(key) ?? []), pkg]);
  }
  return [...cycles.values()].map((members) =>
    cycleWarningMessage(
      members[0].packageManager,
      members[0].cycle!.packages,
      members.flatMap((pkg) => pkg.cycle!.notAwaited.map((to) => ({ from: pkg.name, to }))),
    ),
  );
}
