/** The message of a configuration that parseConfig must refuse with a ConfigError. */
import { expect } from 'vitest';
import { parseConfig, ConfigError } from '../../generators/registry.js';

export function errorOf(raw: unknown, file = 'bad.json'): string {
  try {
    parseConfig(raw, file);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error('expected the configuration to be rejected');
}
