/** Environment variable listing more variables build scripts may see: names separated by commas, `PREFIX_*` for a prefix. */
export const SCRIPT_ENV_VARIABLE = 'BATON_SCRIPT_ENV';

/**
 * What a build script needs from the worker's environment: where programs, home and temp files are, locale and
 * terminal, proxies and CA certificates, and the package managers' own settings. Everything else (Baton's database
 * URL, Temporal and API keys, TLS paths, any secret of the worker's) stays out unless BATON_SCRIPT_ENV lets it in.
 */
const PASSED = [
  'PATH',
  'HOME',
  'USER',
  'LOGNAME',
  'SHELL',
  'LANG',
  'LANGUAGE',
  'LC_*',
  'TERM',
  'COLORTERM',
  'NO_COLOR',
  'TZ',
  'TMPDIR',
  'TMP',
  'TEMP',
  'XDG_CONFIG_HOME',
  'XDG_CACHE_HOME',
  'XDG_DATA_HOME',
  'XDG_STATE_HOME',
  'XDG_RUNTIME_DIR',
  'CI',
  'NODE_OPTIONS',
  'NODE_EXTRA_CA_CERTS',
  'SSL_CERT_FILE',
  'SSL_CERT_DIR',
  'HTTP_PROXY',
  'HTTPS_PROXY',
  'NO_PROXY',
  'http_proxy',
  'https_proxy',
  'no_proxy',
  'npm_config_*',
  'NPM_CONFIG_*',
  'COREPACK_*',
  'PNPM_HOME',
  'YARN_*',
];

/** Package-manager settings can hold registry credentials; a build has no use for them. */
const CREDENTIAL = /auth|token|password|secret/i;

/**
 * The environment a package script runs with: the passed variables of `env`, colours off (the output tail is read as
 * plain text; FORCE_COLOR is left out when NO_COLOR is set, since Node warns when both are) and no update notifier
 * (it would query the registry and print into the build log).
 */
export function scriptEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const extra = (env[SCRIPT_ENV_VARIABLE] ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  const matches = (name: string, patterns: readonly string[]): boolean =>
    patterns.some((pattern) => (pattern.endsWith('*') ? name.startsWith(pattern.slice(0, -1)) : name === pattern));
  const passed = Object.entries(env).filter(
    ([name, value]) => value !== undefined && (matches(name, extra) || (matches(name, PASSED) && !CREDENTIAL.test(name))),
  );
  const clean: NodeJS.ProcessEnv = Object.fromEntries(passed);
  delete clean.FORCE_COLOR;
  return { ...clean, ...(clean.NO_COLOR === undefined ? { FORCE_COLOR: '0' } : {}), npm_config_update_notifier: 'false' };
}
