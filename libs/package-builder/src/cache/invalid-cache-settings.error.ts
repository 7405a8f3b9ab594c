import { invalidCacheSettingsMessage } from '../package-builder.messages';

/** A package.json whose `"baton"` field (outputs, env, cache) is not what the cache can use. */
export class InvalidCacheSettingsError extends Error {
  constructor(packageJsonPath: string, problems: readonly string[]) {
    super(invalidCacheSettingsMessage(packageJsonPath, problems));
    this.name = 'InvalidCacheSettingsError';
  }
}
