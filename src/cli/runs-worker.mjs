// The entry of a `simulate --runs` worker thread: worker threads do not inherit the main thread's
// TypeScript loader (bin.mjs), so each registers tsx before importing the TypeScript worker.
const { register } = await import('tsx/esm/api');
register();
await import('./runs-worker.ts');
