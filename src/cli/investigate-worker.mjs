// The entry of `investigate`'s capture threads: worker threads do not inherit the main thread's
// TypeScript loader, so it registers tsx before importing the TypeScript worker.
const { register } = await import('tsx/esm/api');
register();
await import('./investigate-worker.ts');
