import { Injectable } from '@nestjs/common';
import type { LoopDefinition, WorkflowDefinition } from '@baton/orchestration';
import type { ExpectedSpeedup } from './expected-speedup.type';
import { simulatedMakespan, type SimulatedItem } from './lane.simulation';
import { RecordedItemsReader } from './recorded-items.reader';

/**
 * The expected speedup of a workflow's first loop with a window: its items (from the input when the loop reads the
 * input, else those of the latest execution), each weighing its latest recorded duration (else the mean of those
 * recorded), simulated on the window's lanes against one at a time.
 */
@Injectable()
export class ExpectedSpeedupService {
  constructor(private readonly recorded: RecordedItemsReader) {}

  async estimate(definition: WorkflowDefinition, concurrency: number | undefined, input: unknown): Promise<ExpectedSpeedup | null> {
    const step = definition.steps.find((candidate) => candidate.loop !== undefined);
    if (step?.loop === undefined) return null;
    const loop = step.loop;
    const window = concurrency ?? windowFromInput(loop, input) ?? loop.concurrency;
    const fromInput = loop.over.kind === 'input' ? valueAt(input, loop.over.path) : undefined;
    const values = Array.isArray(fromInput)
      ? fromInput.map((item, index) => ({ key: keyOf(loop, item, index), item }))
      : (await this.recorded.latestItems(definition.name, step.name)).map(({ key, preview }) => ({ key, item: parsed(preview) }));
    const durations = await this.recorded.durations(definition.name, step.name);
    const unknown = { concurrency: window, items: values.length, sequentialMs: null, makespanMs: null, factor: null };
    if (durations.size === 0 || values.length === 0) return unknown;
    const mean = [...durations.values()].reduce((sum, value) => sum + value, 0) / durations.size;
    const items: SimulatedItem[] = values.map(({ key, item }) => ({
      key,
      dependsOn: dependenciesOf(loop, item),
      durationMs: durations.get(key) ?? mean,
    }));
    const sequentialMs = items.reduce((sum, item) => sum + item.durationMs, 0);
    let makespanMs: number;
    try {
      makespanMs = simulatedMakespan(items, window, loop.key !== undefined);
    } catch {
      return unknown; // A dependency cycle: the loop would refuse these items.
    }
    return { ...unknown, sequentialMs, makespanMs, factor: makespanMs > 0 ? sequentialMs / makespanMs : null };
  }
}

function windowFromInput(loop: LoopDefinition, input: unknown): number | undefined {
  const value = loop.concurrencyFrom === undefined ? undefined : valueAt(input, loop.concurrencyFrom);
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 ? value : undefined;
}

function valueAt(value: unknown, path: string | undefined): unknown {
  if (path === undefined) return value;
  return path.split('.').reduce<unknown>((at, name) => (isRecord(at) ? at[name] : undefined), value);
}

function keyOf(loop: LoopDefinition, item: unknown, index: number): string {
  const key = loop.key !== undefined && isRecord(item) ? item[loop.key] : undefined;
  return typeof key === 'string' || typeof key === 'number' ? String(key) : String(index);
}

function dependenciesOf(loop: LoopDefinition, item: unknown): string[] {
  const value = loop.dependsOn !== undefined && isRecord(item) ? item[loop.dependsOn] : undefined;
  return Array.isArray(value) ? value.map(String) : [];
}

/** A recorded preview is the item's JSON cut to 1 KB: a cut one parses to nothing (its dependencies unknown). */
function parsed(preview: string): unknown {
  try {
    return JSON.parse(preview) as unknown;
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
