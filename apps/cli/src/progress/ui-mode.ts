import type { BuildView, Output } from './build.view';
import { jsonView } from './json.view';
import { AppendOnlyView } from './plain.view';
import { TtyView } from './tty.view';

export const UI_MODES = ['tty', 'plain', 'json'] as const;
export type UiMode = (typeof UI_MODES)[number];

export function isUiMode(value: string): value is UiMode {
  return (UI_MODES as readonly string[]).includes(value);
}

/** Redrawing in place only where someone watches a terminal: a CI log or a pipe gets append-only lines. */
export function defaultUiMode(isTTY: boolean, env: NodeJS.ProcessEnv): UiMode {
  const ci = env.CI !== undefined && env.CI !== '' && env.CI !== 'false' && env.CI !== '0';
  return isTTY && !ci ? 'tty' : 'plain';
}

export function createBuildView(mode: UiMode, out: Output, notes: Output): BuildView {
  switch (mode) {
    case 'tty':
      return new TtyView(out);
    case 'plain':
      return new AppendOnlyView(out);
    case 'json':
      return jsonView(out, notes);
  }
}
