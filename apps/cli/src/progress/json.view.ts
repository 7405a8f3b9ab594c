import type { BuildEvent } from './build-events';
import { AppendOnlyView, type LineFormat } from './plain.view';
import type { Output } from './build.view';

const line = (event: BuildEvent) => JSON.stringify(event);

/** One JSON event a line (`run`, `started`, `succeeded`, `failed`, `blocked`, `skipped`, `progress`, `report`), for jq. */
export const JSON_LINES: LineFormat = {
  run: line,
  event: line,
  progress: (tracker) => [line(tracker.progressEvent())],
  output: (name, text) => line({ event: 'output', at: new Date().toISOString(), package: name, line: text }),
  report: (report, at) => line({ event: 'report', at: new Date(at).toISOString(), report }),
};

/** stdout carries only the events; notes go to stderr. */
export function jsonView(out: Output, notes: Output): AppendOnlyView {
  return new AppendOnlyView(out, JSON_LINES, notes);
}
