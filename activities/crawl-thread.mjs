// Entry of the crawl's thread. Threads do not inherit the tsx hooks the main thread
// registered (bin/grainline.js, vitest), so the thread registers its own.
import { register } from 'tsx/esm/api';

register();
await import('./crawl-thread.ts');
