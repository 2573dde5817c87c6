import { resolveSettings, type Env } from './resolve-config.js';
import type { Settings } from './settings.js';

/** Where Grainline's Temporal work runs: with an address, nothing is started locally. */
export interface TemporalConfig {
  /** host:port of a cluster; undefined → start the embedded dev server */
  address: string | undefined;
  namespace: string;
  taskQueue: string;
  /** TLS for a cluster: client cert/key paths, or an API key (Temporal Cloud) */
  tls: { certPath?: string; keyPath?: string; serverName?: string } | undefined;
  apiKey: string | undefined;
  nightly: {
    scheduleId: string;
    cron: string;
    timezone: string;
    /** missed runs older than this are not caught up after an outage */
    catchupWindow: string;
  };
}

export function temporalConfig(env: Env = process.env): TemporalConfig {
  return temporalOf(resolveSettings({ env }));
}

export function temporalOf(s: Settings): TemporalConfig {
  const { temporalTlsCert: certPath, temporalTlsKey: keyPath } = s;
  return {
    address: s.temporalAddress,
    namespace: s.temporalNamespace,
    taskQueue: s.taskQueue,
    tls: certPath || keyPath || s.temporalTls ? { certPath, keyPath, serverName: s.temporalTlsServerName } : undefined,
    apiKey: s.temporalApiKey,
    nightly: { scheduleId: s.scheduleId, cron: s.cron, timezone: s.timezone, catchupWindow: s.catchupWindow },
  };
}
