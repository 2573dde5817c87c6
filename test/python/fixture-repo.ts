import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('./fixtures/', import.meta.url));

/** The fixture folder seen as a repo: paths are repo-relative, as the analyzers receive them. */
export const fixtureRepo = {
  read(repoPath: string): string {
    return readFileSync(ROOT + repoPath, 'utf8');
  },
  readFile(repoPath: string): string | undefined {
    return existsSync(ROOT + repoPath) ? readFileSync(ROOT + repoPath, 'utf8') : undefined;
  },
};
