/**
 * Parses YAML (pnpm-workspace.yaml) with the `yaml` package, loaded on first use: only pnpm workspaces have YAML to read,
 * and loading it with the rest cost every `baton build` about 5 ms of its start-up.
 */
export async function parseYaml(text: string): Promise<unknown> {
  const { parse } = await import('yaml');
  return parse(text);
}
