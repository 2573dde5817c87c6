import type { ConfigFile } from './infra/config/settings.js';

/**
 * This deployment's settings: between the environment and the built-in defaults
 * (flags > environment > this file > defaults; infra/config/resolve-config.ts). Any
 * setting of docs/configuration.md may be set here by its name, e.g.
 * `{ temporalAddress: 'temporal.internal:7233', cron: '0 3 * * *' }`: pointing at a
 * real cluster is then a config change, not a code change. Secrets belong in the
 * environment, not here.
 */
const config: ConfigFile = {};

export default config;
