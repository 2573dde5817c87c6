// Entry of an enrich worker thread. Threads do not inherit the tsx hooks the main
// thread registered (bin/grainline.js, vitest), so the thread registers its own.
import { register } from 'tsx/esm/api';

register();
await import('./enrich-thread.ts');
