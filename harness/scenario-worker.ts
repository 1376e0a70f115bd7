// A namespace worker's entry (scenario-worker-main.ts says what it does): the compile cache first, as the CLI's.
import { enableCompileCache } from './compile-cache.js';

enableCompileCache();
await import('./run/scenario-worker-main.js');
