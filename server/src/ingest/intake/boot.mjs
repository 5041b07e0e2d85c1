// Entry of the intake thread. The server runs its TypeScript through tsx; a worker thread
// does not inherit the loader in every host (vitest's workers, plain node), so it registers it.
import { register } from 'tsx/esm/api';

register();
await import('./thread.ts');
