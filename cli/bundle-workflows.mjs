// Entry of the process that bundles the workflow code: it registers the tsx hooks
// bin/grainline.js would, then prints the bundle as JSON.
import { register } from 'tsx/esm/api';

register();
await import('./bundle-workflows.ts');
