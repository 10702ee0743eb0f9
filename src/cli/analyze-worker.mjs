// The entry of `analyze`'s helper thread when the CLI runs from the sources: worker threads do not
// inherit the main thread's TypeScript loader, so it registers tsx before importing the TypeScript
// worker. From bin.mjs's cached bundle, `analyze-worker.mjs` beside the bundle is the worker bundled.
const { register } = await import('tsx/esm/api');
register();
await import('./analyze-worker.ts');
