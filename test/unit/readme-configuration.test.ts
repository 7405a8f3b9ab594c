import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/repository';
import { describe, it } from '@jest/globals';
import { API_VARIABLES } from '../../apps/api/src/config/api-options';
import { INFRASTRUCTURE_VARIABLES } from '@baton/orchestration';

describe('README configuration table', () => {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');

  it('documents every variable the infrastructure reads, with its meaning', () => {
    for (const variable of INFRASTRUCTURE_VARIABLES) {
      assert.ok(readme.includes(`| \`${variable.name}\` | ${variable.meaning} |`), `README documents ${variable.name}`);
    }
  });

  it('documents every variable the API reads, with its meaning and default', () => {
    for (const variable of API_VARIABLES) {
      assert.ok(
        readme.includes(`| \`${variable.name}\` | ${variable.meaning} | ${variable.whenUnset} |`),
        `README documents ${variable.name}`,
      );
    }
  });
});
