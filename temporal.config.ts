/**
 * Where Grainline's Temporal work runs. Every default can be overridden by the
 * environment, so pointing at a real cluster is an env switch, not a code change:
 * with TEMPORAL_ADDRESS set nothing is started locally.
 */
export interface TemporalConfig {
  /** host:port of a cluster; undefined → start the embedded dev server */
  address: string | undefined;
  namespace: string;
  taskQueue: string;
  /** model calls get their own queue so their concurrency is bounded separately */
  modelTaskQueue: string;
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

export function temporalConfig(env: NodeJS.ProcessEnv = process.env): TemporalConfig {
  const certPath = env.TEMPORAL_TLS_CERT;
  const keyPath = env.TEMPORAL_TLS_KEY;
  return {
    address: env.TEMPORAL_ADDRESS || undefined,
    namespace: env.TEMPORAL_NAMESPACE || 'default',
    taskQueue: env.GRAINLINE_TASK_QUEUE || 'grainline',
    modelTaskQueue: env.GRAINLINE_MODEL_TASK_QUEUE || 'grainline-model',
    tls: certPath || keyPath || env.TEMPORAL_TLS === 'true'
      ? { certPath, keyPath, serverName: env.TEMPORAL_TLS_SERVER_NAME }
      : undefined,
    apiKey: env.TEMPORAL_API_KEY || undefined,
    nightly: {
      scheduleId: env.GRAINLINE_SCHEDULE_ID || 'grainline-nightly',
      cron: env.GRAINLINE_CRON || '0 2 * * *',
      timezone: env.GRAINLINE_TIMEZONE || 'UTC',
      catchupWindow: env.GRAINLINE_CATCHUP_WINDOW || '6h',
    },
  };
}
